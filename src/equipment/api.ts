import { Hono } from 'hono';
import { renderDocument } from '../documents/pdf';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { registerCsv, registerPdf } from './documents';
import { featuresOf } from './kit';
import type { AssetWithHub, LoanRow } from './repository';
import { assetActionSchema, assetInputSchema, assetListSchema, kitQuerySchema, loanListSchema, maintenanceSchema, registerQuerySchema } from './schema';
import * as equipment from './service';

export const equipmentApi = new Hono<AppEnv>();

function assetJson(a: AssetWithHub) {
  return {
    tag: a.tag,
    hub: a.hub_code,
    category: a.category,
    make: a.make,
    model: a.model,
    serial: a.serial,
    location: a.location,
    purchasedOn: a.purchased_on,
    costEur: a.cost_cents === null ? null : a.cost_cents / 100,
    fundingSource: a.funding_name,
    supplier: a.supplier,
    invoiceRef: a.invoice_ref,
    warrantyEnd: a.warranty_end,
    features: featuresOf(a.features),
    nextCheckOn: a.next_check_on,
    state: a.state,
    version: a.version,
    updatedAt: a.updated_at,
  };
}

function loanJson(l: LoanRow) {
  return {
    id: l.id,
    tag: l.tag,
    hub: l.hub_code,
    borrower: { kind: l.borrower_kind, name: l.borrower_name, document: l.borrower_document },
    lentAt: l.lent_at,
    dueAt: l.due_at,
    returnedAt: l.returned_at,
    lostAt: l.lost_at,
  };
}

equipmentApi.post('/assets', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(assetInputSchema, await readJson(c), c.get('locale'));
  const result = await equipment.registerAsset(c.get('ctx'), actor, input);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result, result.replayed ? 200 : 201);
});

equipmentApi.get('/assets', async (c) => {
  const actor = requireActor(c);
  const query = parseInput(assetListSchema, c.req.query(), c.get('locale'));
  const { items, next } = await equipment.listAssets(c.get('ctx'), actor, query);
  return c.json({ items: items.map(assetJson), next: next === null ? null : String(next) });
});

/** The funder's register of one funding source: `?funding=<id>&hub=&format=csv|pdf`. */
equipmentApi.get('/assets/register', async (c) => {
  const actor = requireActor(c);
  const q = parseInput(registerQuerySchema, c.req.query(), c.get('locale'));
  const data = await equipment.fundedRegister(c.get('ctx'), actor, q);
  const name = `registro-beni-${data.source.id}${data.hub ? `-${data.hub.code}` : ''}`;
  c.header('Cache-Control', 'private, no-store');
  if (q.format === 'pdf') {
    const pdf = await renderDocument(registerPdf(c.get('locale'), data));
    return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${name}.pdf"` });
  }
  return c.body(registerCsv(data), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
});

equipmentApi.get('/assets/:tag', async (c) => {
  const actor = requireActor(c);
  const r = await equipment.getAsset(c.get('ctx'), actor, c.req.param('tag'));
  const current = r.asset.loan_id !== null ? r.loans.find((l) => l.id === r.asset.loan_id) : undefined;
  return c.json({
    ...assetJson(r.asset),
    note: r.asset.note,
    device: r.device ? { tag: r.device.tag, state: r.device.state } : null,
    nextActions: r.allowed,
    loan: current ? loanJson(current) : null,
    loans: r.loans.map(loanJson),
    maintenance: r.maintenance.map((m) => ({ kind: m.kind, on: m.done_on, by: m.performed_by, costEur: m.cost_cents === null ? null : m.cost_cents / 100, note: m.note })),
    events: r.events.map((e) => ({ seq: e.seq, action: e.action, from: e.from_state, to: e.to_state, by: e.user_name ?? e.token_label, at: e.at, data: e.data ? JSON.parse(e.data) : null })),
  });
});

equipmentApi.post('/assets/:tag/actions', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(assetActionSchema, await readJson(c), c.get('locale'));
  const result = await equipment.applyAssetAction(c.get('ctx'), actor, c.req.param('tag'), input);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result, 200);
});

equipmentApi.post('/assets/:tag/maintenance', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(maintenanceSchema, await readJson(c), c.get('locale'));
  return c.json(await equipment.recordMaintenance(c.get('ctx'), actor, c.req.param('tag'), input), 201);
});

/** Loans still out (`overdue=true`: only the late ones) and, without it, the latest ones closed. */
equipmentApi.get('/loans', async (c) => {
  const actor = requireActor(c);
  const q = parseInput(loanListSchema, c.req.query(), c.get('locale'));
  const r = await equipment.listLoans(c.get('ctx'), actor, { hub: q.hub, overdue: q.overdue });
  return c.json({ open: r.open.map((l) => ({ ...loanJson(l), overdue: l.due_at < r.now })), recent: r.recent.map(loanJson) });
});

/** The minimum kit table: the caller's hub, `?hub=`, or (region, administrators) every hub. */
equipmentApi.get('/kit', async (c) => {
  const actor = requireActor(c);
  const q = parseInput(kitQuerySchema, c.req.query(), c.get('locale'));
  const { items, hubs } = await equipment.kitForQuery(c.get('ctx'), actor, q.hub);
  const byId = new Map(items.map((i) => [i.id, i]));
  return c.json({
    hubs: hubs.map((h) => ({
      hub: h.hub.code,
      complete: h.complete,
      items: h.cells.map((cell) => {
        const item = byId.get(cell.itemId)!;
        return {
          id: item.id,
          label: c.get('locale') === 'en' ? item.label_en : item.label_it,
          category: item.category,
          feature: item.feature,
          need: cell.need,
          working: cell.working,
          underRepair: cell.underRepair,
          lost: cell.lost,
          missing: cell.missing,
          status: cell.status,
        };
      }),
    })),
  });
});
