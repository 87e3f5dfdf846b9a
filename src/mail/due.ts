/**
 * Notices nobody's act causes, found by looking: a delivery whose receipt is not confirmed after a
 * week, an equipment loan past its date, a quarter over without its report. Each is issued once.
 */
import { listLoans } from '../equipment/public';
import { dayOf, currentQuarter, previousQuarter } from '../figures/periods';
import { listHubs } from '../hubs/public';
import type { AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import { deliveryLabel } from '../requests/service';
import { notifyOnce } from './notify';
import * as repo from './repository';
import { inTransaction } from '../shared/write/context';
import { hubDay } from '../shared/hub-time';

export const REMINDER_AFTER_DAYS = 7;
/** How long sent and failed e-mails stay in the outbox. */
export const OUTBOX_KEEP_DAYS = 30;
const LIMIT = 500;

export async function scanDueNotices(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  let issued = 0;
  const once = async (key: string, notice: Parameters<typeof notifyOnce>[3]) => {
    try {
      if (await inTransaction(ctx, ({ trx, ...ctx }) => notifyOnce(trx, ctx, key, notice))) issued++;
    } catch (e) {
      // Another process issued it at the same moment: once is once.
      if (!isUniqueViolation(e)) throw e;
    }
  };

  await repo.purgeOutbox(ctx.db, new Date(now.getTime() - OUTBOX_KEEP_DAYS * 86_400_000).toISOString());

  const before = new Date(now.getTime() - REMINDER_AFTER_DAYS * 86_400_000).toISOString();
  for (const d of await repo.unconfirmedDeliveries(ctx.db, before, LIMIT)) {
    await once(`delivery.reminder:${d.id}`, {
      kind: 'delivery.reminder',
      hubId: d.hub_id,
      partnerId: d.partner_id,
      params: { label: deliveryLabel(d.hub_code, d.number, d.year), date: d.delivered_on, partner: d.partner_name, hub: d.hub_name },
      link: `/portal/deliveries/${d.id}`,
    });
  }

  for (const loan of await listLoans(ctx.db, { hubId: null, open: true, overdueAt: now.toISOString(), limit: LIMIT })) {
    await once(`loan.overdue:${loan.id}`, {
      kind: 'loan.overdue',
      hubId: loan.hub_id,
      params: { asset: [loan.tag, loan.make, loan.model].filter(Boolean).join(' '), borrower: loan.borrower_name ?? '—', date: hubDay(loan.due_at), hub: loan.hub_name },
      link: `/equipment/loans/${loan.id}`,
    });
  }

  const quarter = previousQuarter(currentQuarter(dayOf(now)));
  const year = Number(quarter.key.slice(0, 4));
  const q = Number(quarter.key.slice(6));
  const submitted = await repo.hubsThatSubmitted(ctx.db, year, q);
  for (const hub of await listHubs(ctx.db)) {
    if (submitted.has(hub.id)) continue;
    await once(`report.due:${hub.id}:${quarter.key}`, { kind: 'report.due', hubId: hub.id, params: { quarter: quarter.key, hub: hub.name }, link: `/reports` });
  }
  return issued;
}
