/**
 * Sends what the outbox holds. Delivery is at least once, and as close to exactly once as SMTP allows:
 *
 * - A message is in the outbox only if the event that caused it committed, and stays there until a
 *   worker has handed it to the mail server: a crash before sending loses nothing.
 * - A worker claims rows with a lease (`claimed_until`); rows are claimed in one statement (SKIP LOCKED
 *   on PostgreSQL), so several app processes never send the same row at the same time.
 * - A crash after the server accepted a message but before it was marked sent is the one window left:
 *   once the lease lapses the message is sent again. It carries the same Message-ID (derived from the
 *   outbox row), so the copy is recognisable, and mail systems that de-duplicate by Message-ID drop it.
 * - A failure is retried with growing pauses (1, 2, 4 … minutes, at most 6 hours); a permanent refusal
 *   (SMTP 5xx) or the tenth failure stops it as `failed`.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { AppContext } from '../context';
import { storageFailure } from '../db/adapter';
import { scanDueNotices } from './due';
import * as repo from './repository';

export type MailTransport = { sendMail(message: { from: string; to: string; subject: string; text: string; messageId: string; headers?: Record<string, string> }): Promise<unknown> };

export const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 10;
/**
 * One message per claim: its lease (5 minutes) then always outlasts its send (at most 2 minutes with
 * the timeouts below), where a batch's last message could still be waiting when the lease ran out.
 */
const BATCH = 1;

export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

/** The same for every attempt at one outbox row, and unique to this installation's row. */
export function messageIdOf(ctx: AppContext, row: { id: number; created_at: string }): string {
  const host = new URL(ctx.config.publicBaseUrl).hostname || 'rigenera.invalid';
  return `<rigenera.${row.id}.${new Date(row.created_at).getTime()}@${host}>`;
}

/** Every wait is well inside the lease, so a slow server never has a message sent twice by two workers. */
export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
}

export const newWorkerId = () => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * One pass: claims due messages and sends them, until none is due. `afterSend` exists for the tests
 * that stop a worker between the server's acceptance and the mark.
 */
export async function sendDue(
  ctx: AppContext,
  transport: MailTransport,
  opts: { worker?: string; max?: number; afterSend?: (id: number) => void | Promise<void> } = {},
): Promise<{ sent: number; failed: number }> {
  const worker = opts.worker ?? newWorkerId();
  const from = ctx.config.mail?.from ?? 'Rigenera <rigenera@localhost>';
  let sent = 0;
  let failed = 0;
  const max = opts.max ?? 500;
  while (sent + failed < max) {
    const now = ctx.clock.now();
    const claimed = await repo.claimDue(ctx.db, { worker, now: now.toISOString(), until: new Date(now.getTime() + LEASE_MS).toISOString(), limit: Math.min(BATCH, max - sent - failed) });
    if (claimed.length === 0) break;
    // Oldest first: UPDATE … RETURNING does not promise an order.
    for (const m of claimed.sort((a, b) => a.id - b.id)) {
      try {
        await transport.sendMail({
          from,
          to: m.recipient_email,
          subject: m.subject,
          text: m.body ?? '',
          messageId: messageIdOf(ctx, m),
          headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': m.locale },
        });
      } catch (e) {
        const code = Number((e as { responseCode?: unknown }).responseCode);
        const permanent = code >= 500 && code < 600;
        const retryAt = permanent || m.attempts >= MAX_ATTEMPTS ? null : new Date(ctx.clock.now().getTime() + retryDelayMs(m.attempts)).toISOString();
        await repo.markFailedAttempt(ctx.db, m.id, worker, { retryAt, error: String((e as Error).message ?? e).slice(0, 500) });
        failed++;
        continue;
      }
      await opts.afterSend?.(m.id);
      await repo.markSent(ctx.db, m.id, worker, ctx.clock.now().toISOString());
      sent++;
    }
  }
  return { sent, failed };
}

/**
 * The background worker of an app process: sends every few seconds, and looks for periodic notices
 * (receipt reminders, overdue loans, reports due) every ten minutes. `stop` waits for the pass under way.
 */
export function startMailWorker(ctx: AppContext, opts: { transport?: MailTransport; everyMs?: number; scanEveryMs?: number; log?: (line: string) => void } = {}) {
  const transport = opts.transport ?? (ctx.config.mail ? smtpTransport(ctx.config.mail.url) : null);
  const worker = newWorkerId();
  const log = opts.log ?? ((line: string) => console.warn(line));
  let lastScan = 0;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let busy = false;
  const pass = async () => {
    try {
      const now = Date.now();
      if (now - lastScan >= (opts.scanEveryMs ?? 10 * 60_000)) {
        lastScan = now;
        await scanDueNotices(ctx);
      }
      if (transport) {
        const r = await sendDue(ctx, transport, { worker });
        if (r.failed) log(`Mail: ${r.failed} message(s) not accepted by the mail server; they will be retried.`);
      }
    } catch (e) {
      // The database being briefly unavailable is not worth more than a line: the next pass retries.
      log(`Mail worker: ${storageFailure(e) ? 'database unavailable' : String((e as Error).message ?? e)}`);
    }
  };
  // A pass that outlasts the interval is not doubled: the next tick finds it busy and waits.
  const tick = () => {
    if (stopped || busy) return;
    busy = true;
    running = pass().finally(() => (busy = false));
  };
  const timer = setInterval(tick, opts.everyMs ?? 5000);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
