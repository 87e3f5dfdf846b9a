/**
 * The outbox under failure: a message committed with its event is sent once after a crash, a worker
 * stopped mid-way hands its messages over when its lease lapses, several workers never send the same
 * message, and a mail server that refuses is retried with growing pauses (or given up on for good).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimDue } from '../src/mail/repository';
import { notify } from '../src/mail/notify';
import { LEASE_MS, sendDue, smtpTransport, type MailTransport } from '../src/mail/worker';
import { createTestContext, donate, type TestContext } from './support/context';
import { startServerProcess } from './support/server';
import { startSmtp } from './support/smtp';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestContext;
let transport: MailTransport;
let hubId: number;
let made = 0;

beforeAll(async () => {
  smtp = await startSmtp({ refuse: (to) => (to.startsWith('busy') ? 451 : to.startsWith('nobody') ? 550 : null) });
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  transport = smtpTransport(smtp.url);
  hubId = await t.hubId('FOL');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(async () => {
  t.clock.advance(24 * 3600_000);
  await sendDue(t.ctx, transport);
  smtp.clear();
});

/** A notice to someone by address, committed as an event would commit it. */
async function queue(email: string) {
  await t.db
    .transaction()
    .execute((trx) =>
      notify(trx, t.ctx, { kind: 'partner.received', hubId, params: { name: `Ente ${++made}`, hub: 'DigiPASS Foligno' }, link: '/partners/apply', to: { email, name: 'Persona', locale: 'it' } }),
    );
}

describe('crashes', () => {
  it('a message committed while no worker runs is sent once when one starts', async () => {
    await queue('first@example.org');
    expect(smtp.received).toEqual([]);
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 1, failed: 0 });
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.to('first@example.org')).toHaveLength(1);
  });

  it('an event rolled back leaves nothing to send', async () => {
    const before = await t.count('outbox');
    await expect(
      t.db.transaction().execute(async (trx) => {
        await notify(trx, t.ctx, { kind: 'partner.received', hubId, params: { name: 'Mai', hub: 'x' }, link: '/', to: { email: 'never@example.org', name: 'N', locale: 'it' } });
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    expect(await t.count('outbox')).toBe(before);
  });

  it('a worker stopped after claiming hands its messages over once its lease lapses, and they go once', async () => {
    await queue('claimed@example.org');
    const now = t.clock.now();
    const claimed = await claimDue(t.db, { worker: 'stopped-worker', now: now.toISOString(), until: new Date(now.getTime() + LEASE_MS).toISOString(), limit: 10 });
    expect(claimed).toHaveLength(1);
    // The stopped worker never sends. Another one leaves the row alone while the lease holds…
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 0, failed: 0 });
    t.clock.advance(LEASE_MS + 1000);
    // …and sends it once the lease has lapsed.
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 1, failed: 0 });
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.to('claimed@example.org')).toHaveLength(1);
  });

  it('a crash after the server accepted but before the mark sends it again with the same Message-ID', async () => {
    await queue('window@example.org');
    await expect(sendDue(t.ctx, transport, { afterSend: () => Promise.reject(new Error('killed')) })).rejects.toThrow('killed');
    expect(smtp.to('window@example.org')).toHaveLength(1);
    t.clock.advance(LEASE_MS + 1000);
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 1, failed: 0 });
    const copies = smtp.to('window@example.org');
    expect(copies).toHaveLength(2);
    expect(copies[0]!.messageId).toMatch(/^<rigenera\.\d+\.\d+@rigenera\.test>$/);
    expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
  });

  it('the real server killed while sending: the message goes out once after the restart', async () => {
    const held = await startSmtp({ hold: () => true });
    await t.person('coordinator', 'PER', 'Coordinatrice Perugia');
    const token = await t.token('coordinator', 'FOL');
    const tag = (await donate(t, token, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
    const server = await startServerProcess(t.config.databaseUrl, { SMTP_URL: held.url });
    try {
      const r = await fetch(`${server.url}/api/v1/transfers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ toHub: 'PER', tags: [tag] }),
      });
      expect(r.status).toBe(201);
      // The process's worker hands a message over; the mail server reads it and has not answered when the process dies.
      await Promise.race([held.held, new Promise((_, reject) => setTimeout(() => reject(new Error(`nothing sent:\n${server.output()}`)), 30_000))]);
    } finally {
      await server.kill();
      await held.close();
    }
    expect(held.received).toEqual([]);
    // Restarted (here: a worker of the test's, after the dead one's lease), it is sent once.
    t.clock.set(new Date(Date.now() + LEASE_MS + 60_000).toISOString());
    await sendDue(t.ctx, transport);
    await sendDue(t.ctx, transport);
    expect(smtp.received.filter((m) => m.subject.startsWith('In arrivo da'))).toHaveLength(1);
  }, 90_000);
});

describe('several workers', () => {
  it('two workers at once send every message exactly once', async () => {
    for (let i = 0; i < 30; i++) await queue(`many${i}@example.org`);
    const [a, b] = await Promise.all([sendDue(t.ctx, transport, { worker: 'a' }), sendDue(t.ctx, transport, { worker: 'b' })]);
    expect(a.sent + b.sent).toBe(30);
    const to = smtp.received.map((m) => m.to[0]).sort();
    expect(to).toEqual(Array.from({ length: 30 }, (_, i) => `many${i}@example.org`).sort());
  });
});

describe('a mail server that refuses', () => {
  it('a temporary refusal is retried with growing pauses', async () => {
    await queue('busy@example.org');
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 0, failed: 1 });
    const row = await t.db.selectFrom('outbox').selectAll().where('recipient_email', '=', 'busy@example.org').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(new Date(row.next_attempt_at).getTime() - t.clock.now().getTime()).toBe(60_000);
    expect(row.last_error).toContain('451');
    // Not before its time…
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 0, failed: 0 });
    t.clock.advance(60_000);
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 0, failed: 1 });
    const second = await t.db.selectFrom('outbox').selectAll().where('recipient_email', '=', 'busy@example.org').executeTakeFirstOrThrow();
    expect(second.attempts).toBe(2);
    expect(new Date(second.next_attempt_at).getTime() - t.clock.now().getTime()).toBe(120_000);
  });

  it('a permanent refusal stops at once, and other messages still go', async () => {
    await queue('nobody@example.org');
    await queue('somebody@example.org');
    expect(await sendDue(t.ctx, transport)).toEqual({ sent: 1, failed: 1 });
    const row = await t.db.selectFrom('outbox').select(['status', 'body']).where('recipient_email', '=', 'nobody@example.org').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', body: null });
    // An administrator sees that something did not get out.
    const admin = await t.person('admin', undefined, 'Amministratrice');
    expect((await t.page('/inbox', admin.cookie)).html).toMatch(/E-mail: \d+ in attesa di invio · \d+ rifiutat[ae] dal server di posta/);
    t.clock.advance(24 * 3600_000);
    await sendDue(t.ctx, transport);
    expect(smtp.to('nobody@example.org')).toEqual([]);
    const after = await t.db.selectFrom('outbox').select(['status', 'attempts']).where('recipient_email', '=', 'nobody@example.org').executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'failed', attempts: 1 });
  });
});

describe('without a mail server', () => {
  it('nothing is queued, and the staff inbox still gets the notice', async () => {
    const bare = await createTestContext();
    try {
      const coord = await bare.person('coordinator', 'PER', 'Coordinatore');
      const token = await bare.token('coordinator', 'FOL');
      const tag = (await donate(bare, token, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
      expect((await bare.api('POST', '/api/v1/transfers', token, { toHub: 'PER', tags: [tag] })).status).toBe(201);
      expect(await bare.count('outbox')).toBe(0);
      const inbox = await bare.page('/inbox', coord.cookie);
      expect(inbox.html).toContain('In arrivo da DigiPASS Foligno');
      expect(inbox.html).toContain('L’invio di e-mail non è configurato');
    } finally {
      await bare.close();
    }
  });
});
