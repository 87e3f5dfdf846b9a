import { Hono, type Context } from 'hono';
import { can } from '../access/policy';
import { spansAllHubs } from '../access/scopes';
import { ScanPage } from '../../views/scan/page';
import { StocktakeList, StocktakePage } from '../../views/scan/stocktake';
import { actionLabel } from '../../views/components/state-badge';
import { listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage, viewOf } from '../http/render';
import { DEVICE_ACTIONS, UNDONE_BY, type DeviceAction } from '../lifecycle/lifecycle';
import { UNDOABLE_BY_AUTHOR } from '../lifecycle/undo';
import { AppError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { nowIso } from '../context';
import { assetBatchActions } from '../equipment/service';
import { defaultDue } from '../shared/hub-time';
import { closeFormSchema, idSchema, stocktakeActSchema, stocktakeFormSchema } from './schema';
import * as scan from './service';

export const scanRoutes = new Hono<AppEnv>();

/** Actions a batch can apply: every one the person may do, except a delivery (each has its own document). */
const NOT_IN_BATCH: readonly string[] = ['deliver'];

function decoderAssets(c: Context<AppEnv>) {
  const v = viewOf(c);
  return { zxing: v.asset('zxing-reader.js'), wasm: v.asset('zxing_reader.wasm') };
}

scanRoutes.get('/scan', async (c) => {
  const actor = requireActor(c);
  if (!can(actor, 'device.read')) throw new AppError(403, 'access.denied');
  const actions = DEVICE_ACTIONS.filter((a) => !NOT_IN_BATCH.includes(a) && can(actor, `device.${a}`)) as DeviceAction[];
  // A scan's action is taken back by its inverse (a reservation) or, for a workshop step, by an undo event.
  const undoable = actions.filter((a) => (UNDONE_BY[a] !== undefined && can(actor, `device.${UNDONE_BY[a]!}`)) || UNDOABLE_BY_AUTHOR.includes(a));
  const hubs = actions.includes('transfer') ? (await listHubs(c.get('ctx').db)).filter((h) => h.id !== actor.hubId) : [];
  // The hub's own equipment is lent and taken back by scanning too.
  const assetActions = assetBatchActions(actor);
  return renderPage(c, c.get('t')('scan.title'), (v) => (
    <ScanPage v={v} actions={actions} undoable={undoable} hubs={hubs} assets={decoderAssets(c)} assetActions={assetActions} defaultDue={defaultDue(nowIso(c.get('ctx')))} />
  ));
});

async function listPage(c: Context<AppEnv>, error?: string, status = 200) {
  const actor = requireActor(c);
  const items = await scan.listStocktakes(c.get('ctx'), actor);
  const canStart = can(actor, 'stocktake.run');
  const all = canStart ? await listHubs(c.get('ctx').db) : [];
  const hubs = spansAllHubs(actor, 'stocktake.run') ? all : null;
  const ownHub = all.find((h) => h.id === actor.hubId)?.code ?? null;
  return renderPage(c, c.get('t')('scan.stocktake.title'), (v) => <StocktakeList v={v} items={items} canStart={canStart} hubs={hubs} ownHub={ownHub} error={error} />, { status });
}

scanRoutes.get('/stocktakes', (c) => listPage(c));

scanRoutes.post('/stocktakes', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const input = parseInput(stocktakeFormSchema, raw, c.get('locale'));
    const { id } = await scan.startStocktake(c.get('ctx'), actor, input);
    return c.redirect(`/stocktakes/${id}`, 303);
  } catch (e) {
    if (e instanceof ValidationError) return listPage(c, e.issues.map((i) => `${i.path}: ${i.message}`).join('; '), 422);
    if (e instanceof AppError && e.status !== 401) return listPage(c, c.get('t')(e.key, e.params), e.status);
    throw e;
  }
});

async function stocktakePage(c: Context<AppEnv>, id: number, extra: { done?: string; error?: string } = {}, status = 200) {
  const actor = requireActor(c);
  const data = await scan.getStocktake(c.get('ctx'), actor, id);
  const hubOf = new Map(data.unexpected.map((s) => [s.tag, s.hub_id]));
  const canTransferHere = (tag: string) => can(actor, 'device.transfer', { hubId: hubOf.get(tag) ?? null });
  return renderPage(c, c.get('t')('scan.stocktake.n', { id }), (v) => <StocktakePage v={v} {...data} canTransferHere={canTransferHere} assets={decoderAssets(c)} {...extra} />, { status, wide: true });
}

scanRoutes.get('/stocktakes/:id', (c) => stocktakePage(c, parseInput(idSchema, c.req.param('id'), c.get('locale'))));

scanRoutes.post('/stocktakes/:id/close', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  parseInput(closeFormSchema, await readForm(c), c.get('locale'));
  await scan.closeStocktake(c.get('ctx'), actor, id);
  return c.redirect(`/stocktakes/${id}`, 303);
});

/** Acting on the result: a device found here in transit arrives; one recorded elsewhere is transferred here. */
scanRoutes.post('/stocktakes/:id/act', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const raw = await readForm(c);
  try {
    const input = parseInput(stocktakeActSchema, raw, c.get('locale'));
    const result = await scan.actOnResult(c.get('ctx'), actor, id, input.tag, input.action);
    return stocktakePage(c, id, { done: c.get('t')('scan.stocktake.done', { action: actionLabel(viewOf(c), input.action), tag: result.tag }) });
  } catch (e) {
    if (e instanceof ValidationError) return stocktakePage(c, id, { error: e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') }, 422);
    if (e instanceof AppError && e.status !== 401 && e.key !== 'scan.stocktakeUnknown') return stocktakePage(c, id, { error: c.get('t')(e.key, e.params) }, e.status);
    throw e;
  }
});
