import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { can } from '../access/policy';
import { spansAllHubs } from '../access/scopes';
import { AssetFormPage, AssetPage, AssetPassport, EquipmentListPage, KitPage, LoanPage, LoansPage, RegisterExportPage, SettingsPage, type AssetFormValues } from '../../views/equipment/pages';
import { nowIso } from '../context';
import { renderDocument } from '../documents/pdf';
import { findHubById, listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure, type FormFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { resolveTag } from '../shared/write/actor';
import { parseTag } from '../tags/tag';
import { programmeIdentity } from '../programme/service';
import { loanReceipt } from './documents';
import * as repo from './repository';
import {
  assetActionSchema,
  assetEditSchema,
  assetInputSchema,
  assetListSchema,
  confirmSchema,
  fundingSourceSchema,
  fundingSourceUpdateSchema,
  idSchema,
  kitItemSchema,
  kitItemUpdateSchema,
  maintenanceSchema,
} from './schema';
import * as equipment from './service';
import { defaultDue, hubDay } from '../shared/hub-time';

export const equipmentRoutes = new Hono<AppEnv>();

const asStrings = (raw: Record<string, unknown>) => Object.fromEntries(Object.entries(raw).map(([k, val]) => [k, Array.isArray(val) ? String(val[0] ?? '') : String(val)]));

/**
 * The label's URL for an asset. Devices come first (a retired asset handed to the workshop is a
 * device with the same tag): the devices' handler, registered before this one, passes on only a code
 * that names no device. Staff open the asset's page; anyone else sees a minimal passport, never a borrower.
 */
equipmentRoutes.get('/d/:tag', async (c, next) => {
  const parsed = parseTag(c.req.param('tag'));
  if (!parsed.ok || parsed.tag !== c.req.param('tag')) return next();
  const found = await resolveTag(c.get('ctx').db, parsed.tag);
  if (found?.kind !== 'asset') return next();
  const { asset } = found;
  if (can(c.get('actor'), 'asset.read')) return c.redirect(`/equipment/assets/${asset.tag}`, 302);
  const hub = (await findHubById(c.get('ctx').db, asset.hub_id))!;
  return renderPage(c, c.get('t')('equipment.passport.title'), (v) => <AssetPassport v={v} asset={asset} hub={hub} />);
});

// ---- the register

equipmentRoutes.get('/equipment', async (c) => {
  const actor = requireActor(c);
  const query = parseInput(assetListSchema, c.req.query(), c.get('locale'));
  const [result, funding] = await Promise.all([equipment.listAssets(c.get('ctx'), actor, { ...query, limit: query.limit ?? 100 }), repo.listFundingSources(c.get('ctx').db)]);
  const hubs = spansAllHubs(actor, 'asset.read') ? await listHubs(c.get('ctx').db) : null;
  return renderPage(c, c.get('t')('equipment.title'), (v) => (
    <EquipmentListPage
      v={v}
      items={result.items}
      next={result.next}
      query={query}
      hubs={hubs}
      funding={funding}
      canRegister={can(actor, 'asset.register')}
      canExport={can(actor, 'equipment.export')}
      canConfigure={can(actor, 'equipment.configure')}
    />
  ));
});

async function formPage(c: Context<AppEnv>, mode: 'new' | 'edit', values: AssetFormValues, extra: Partial<FormFailure> & { tag?: string } = {}) {
  const actor = requireActor(c);
  const [funding, hubs] = await Promise.all([repo.listFundingSources(c.get('ctx').db), spansAllHubs(actor, 'asset.register') && mode === 'new' ? listHubs(c.get('ctx').db) : Promise.resolve(null)]);
  return renderPage(
    c,
    mode === 'new' ? c.get('t')('equipment.new') : c.get('t')('equipment.edit'),
    (v) => <AssetFormPage v={v} mode={mode} tag={extra.tag} values={values} hubs={hubs} funding={funding} formKey={randomUUID()} error={extra.error} issues={extra.issues} />,
    { status: extra.status ?? 200 },
  );
}

equipmentRoutes.get('/equipment/new', (c) => {
  const actor = requireActor(c);
  if (!can(actor, 'asset.register')) throw new AppError(403, 'access.denied');
  return formPage(c, 'new', {});
});

equipmentRoutes.post('/equipment', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const result = await equipment.registerAsset(c.get('ctx'), actor, parseInput(assetInputSchema, raw, c.get('locale')));
    return c.redirect(`/equipment/assets/${result.tag}?done=registered`, 303);
  } catch (e) {
    return formPage(c, 'new', raw as AssetFormValues, formFailure(e, c.get('t')));
  }
});

// ---- one asset

type AssetExtra = { done?: string; error?: string; issues?: { path: string; message: string }[]; failed?: { form: string; values: Record<string, string> } };

async function assetPage(c: Context<AppEnv>, rawTag: string, extra: AssetExtra = {}, status = 200) {
  const actor = requireActor(c);
  const data = await equipment.getAsset(c.get('ctx'), actor, rawTag);
  const now = nowIso(c.get('ctx'));
  return renderPage(c, data.asset.tag, (v) => <AssetPage v={v} {...data} formKey={randomUUID()} defaultDue={defaultDue(now)} today={hubDay(now)} now={now} {...extra} />, { status });
}

function doneNotice(c: Context<AppEnv>): string | undefined {
  const done = c.req.query('done');
  if (!done) return undefined;
  const t = c.get('t');
  if (done === 'registered') return t('equipment.registered', { tag: c.req.param('tag') ?? '' });
  if (done === 'maintenance') return t('equipment.maintenance.done');
  if (done === 'edited') return t('equipment.edit.done');
  if (done === 'unchanged') return t('equipment.edit.nothing');
  if ((equipment.ASSET_ACTIONS as readonly string[]).includes(done)) return t(c.req.query('replayed') ? 'equipment.alreadyDone' : 'equipment.done', { assetAction: done });
  return undefined;
}

equipmentRoutes.get('/equipment/assets/:tag', (c) => assetPage(c, c.req.param('tag'), { done: doneNotice(c) }));

equipmentRoutes.post('/equipment/assets/:tag/actions', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  const values = asStrings(raw);
  try {
    const input = parseInput(assetActionSchema, raw, c.get('locale'));
    const result = await equipment.applyAssetAction(c.get('ctx'), actor, tag, input, { confirmed: raw.confirm === 'yes' });
    return c.redirect(`/equipment/assets/${result.tag}?done=${input.action}${result.replayed ? '&replayed=1' : ''}`, 303);
  } catch (e) {
    const failure = formFailure(e, c.get('t'));
    return assetPage(c, tag, { error: failure.error, issues: failure.issues, failed: { form: values.action ?? '', values } }, failure.status);
  }
});

equipmentRoutes.post('/equipment/assets/:tag/maintenance', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  try {
    const result = await equipment.recordMaintenance(c.get('ctx'), actor, tag, parseInput(maintenanceSchema, raw, c.get('locale')));
    return c.redirect(`/equipment/assets/${result.tag}?done=maintenance`, 303);
  } catch (e) {
    const failure = formFailure(e, c.get('t'));
    return assetPage(c, tag, { error: failure.error, issues: failure.issues, failed: { form: 'maintenance', values: asStrings(raw) } }, failure.status);
  }
});

function editValues(a: repo.AssetWithHub): AssetFormValues {
  return {
    category: a.category,
    make: a.make ?? undefined,
    model: a.model ?? undefined,
    serial: a.serial ?? undefined,
    location: a.location ?? undefined,
    features: a.features,
    purchasedOn: a.purchased_on ?? undefined,
    cost: a.cost_cents === null ? undefined : (a.cost_cents / 100).toFixed(2),
    fundingSource: a.funding_source_id === null ? undefined : String(a.funding_source_id),
    supplier: a.supplier ?? undefined,
    invoiceRef: a.invoice_ref ?? undefined,
    warrantyEnd: a.warranty_end ?? undefined,
    nextCheckOn: a.next_check_on ?? undefined,
    note: a.note ?? undefined,
    expectedVersion: String(a.version),
  };
}

equipmentRoutes.get('/equipment/assets/:tag/edit', async (c) => {
  const actor = requireActor(c);
  const data = await equipment.getAsset(c.get('ctx'), actor, c.req.param('tag'));
  if (!data.canEdit) throw new AppError(403, 'access.denied');
  return formPage(c, 'edit', editValues(data.asset), { tag: data.asset.tag });
});

equipmentRoutes.post('/equipment/assets/:tag/edit', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  try {
    const result = await equipment.editAsset(c.get('ctx'), actor, tag, parseInput(assetEditSchema, raw, c.get('locale')));
    return c.redirect(`/equipment/assets/${result.tag}?done=${result.changed.length ? 'edited' : 'unchanged'}`, 303);
  } catch (e) {
    const failure = formFailure(e, c.get('t'));
    return formPage(c, 'edit', raw as AssetFormValues, { ...failure, tag: parseTag(tag).ok ? tag : undefined });
  }
});

// ---- loans

equipmentRoutes.get('/equipment/loans', async (c) => {
  const actor = requireActor(c);
  const r = await equipment.listLoans(c.get('ctx'), actor, {});
  return renderPage(c, c.get('t')('equipment.loans'), (v) => <LoansPage v={v} open={r.open} recent={r.recent} now={r.now} showHub={r.hubId === null} />);
});

equipmentRoutes.get('/equipment/loans/:id', async (c) => {
  const actor = requireActor(c);
  const data = await equipment.getLoan(c.get('ctx'), actor, parseInput(idSchema, c.req.param('id'), c.get('locale')));
  const done = c.req.query('done') === 'erased' ? c.get('t')('equipment.borrowerErasedDone') : undefined;
  return renderPage(c, c.get('t')('equipment.receipt.title', { id: data.loan.id }), (v) => <LoanPage v={v} {...data} done={done} />);
});

equipmentRoutes.get('/equipment/loans/:id/receipt.pdf', async (c) => {
  const actor = requireActor(c);
  const { loan, hub } = await equipment.getLoan(c.get('ctx'), actor, parseInput(idSchema, c.req.param('id'), c.get('locale')));
  // The receipt is signed: Italian whatever the reader's language; ?copy=en is an English reading copy.
  const locale = c.req.query('copy') === 'en' ? 'en' : 'it';
  const pdf = await renderDocument(loanReceipt(locale, loan, hub, await programmeIdentity(c.get('ctx').db)));
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="prestito-${loan.hub_code}-${loan.id}.pdf"`,
    'Cache-Control': 'private, no-store',
  });
});

equipmentRoutes.post('/equipment/loans/:id/erase', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  parseInput(confirmSchema, await readForm(c), c.get('locale'));
  await equipment.eraseLoanBorrower(c.get('ctx'), actor, id);
  return c.redirect(`/equipment/loans/${id}?done=erased`, 303);
});

// ---- the minimum kit, the funder's register

equipmentRoutes.get('/equipment/kit', async (c) => {
  const actor = requireActor(c);
  const hubParam = c.req.query('hub');
  const { items, hubs } = await equipment.kitForQuery(c.get('ctx'), actor, hubParam ? hubParam.toUpperCase().slice(0, 5) : undefined);
  return renderPage(c, c.get('t')('equipment.kit'), (v) => <KitPage v={v} items={items} hubs={hubs} canConfigure={can(actor, 'equipment.configure')} />, { wide: hubs.length > 1 });
});

equipmentRoutes.get('/equipment/register', async (c) => {
  const actor = requireActor(c);
  if (!can(actor, 'equipment.export')) throw new AppError(403, 'access.denied');
  const funding = await repo.listFundingSources(c.get('ctx').db);
  const all = spansAllHubs(actor, 'equipment.export');
  const hubs = all ? await listHubs(c.get('ctx').db) : null;
  const own = actor.hubId !== null ? await findHubById(c.get('ctx').db, actor.hubId) : undefined;
  return renderPage(c, c.get('t')('equipment.funderRegister'), (v) => <RegisterExportPage v={v} funding={funding} hubs={hubs} ownHub={own?.code ?? null} />);
});

// ---- the administrator's lists

async function settingsPage(c: Context<AppEnv>, extra: Partial<FormFailure> & { done?: string } = {}) {
  const actor = requireActor(c);
  const data = await equipment.settings(c.get('ctx'), actor);
  return renderPage(c, c.get('t')('equipment.settings'), (v) => <SettingsPage v={v} {...data} done={extra.done} error={extra.error} issues={extra.issues} />, { status: extra.status ?? 200 });
}

equipmentRoutes.get('/equipment/settings', (c) => settingsPage(c, { done: c.req.query('done') ? c.get('t')('equipment.settings.saved') : undefined }));

/** Every settings form: parse, apply, come back to the page with what went wrong or that it was saved. */
async function settingsForm(c: Context<AppEnv>, apply: (raw: Record<string, unknown>) => Promise<unknown>) {
  requireActor(c);
  const raw = await readForm(c);
  try {
    await apply(raw);
    return c.redirect('/equipment/settings?done=1', 303);
  } catch (e) {
    return settingsPage(c, formFailure(e, c.get('t')));
  }
}

equipmentRoutes.post('/equipment/settings/funding', (c) =>
  settingsForm(c, (raw) => equipment.addFundingSource(c.get('ctx'), requireActor(c), parseInput(fundingSourceSchema, raw, c.get('locale')).name)),
);

equipmentRoutes.post('/equipment/settings/funding/:id', (c) =>
  settingsForm(c, (raw) => {
    const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
    // A checkbox sends "false" from its hidden twin and "true" when ticked: the last value wins.
    const active = Array.isArray(raw.active) ? raw.active[raw.active.length - 1] : raw.active;
    const input = parseInput(fundingSourceUpdateSchema, { ...raw, active }, c.get('locale'));
    return equipment.updateFundingSource(c.get('ctx'), requireActor(c), id, { name: input.name, active: input.active });
  }),
);

equipmentRoutes.post('/equipment/settings/kit', (c) => settingsForm(c, (raw) => equipment.addKitItem(c.get('ctx'), requireActor(c), parseInput(kitItemSchema, raw, c.get('locale')))));

equipmentRoutes.post('/equipment/settings/kit/:id', (c) =>
  settingsForm(c, (raw) => {
    const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
    return equipment.updateKitItem(c.get('ctx'), requireActor(c), id, parseInput(kitItemUpdateSchema, raw, c.get('locale')));
  }),
);
