import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { can } from '../access/policy';
import { spansAllHubs } from '../access/scopes';
import { DeviceListPage } from '../../views/devices/list';
import { DevicePage } from '../../views/devices/page';
import { PassportPage } from '../../views/devices/passport';
import { actionLabel } from '../../views/components/state-badge';
import { applyDeviceAction } from './actions';
import { listHubOptions, listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage, viewOf } from '../http/render';
import { AppError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { openRequestsFor } from '../requests/public';
import { parseTag } from '../tags/tag';
import { BlankLabelPage } from '../../views/labels/blank';
import { resolveTag } from '../shared/write/actor';
import { loadBench } from '../workshop/bench';
import { undoOffer } from '../workshop/undo';
import { CORRECTABLE_STATES } from '../lifecycle/undo';
import { getPassport } from './passport';
import { actionInputSchema, listQuerySchema } from './schema';
import * as devices from './service';

export const deviceRoutes = new Hono<AppEnv>();

type PageExtra = { done?: string; error?: string; issues?: { path: string; message: string }[]; failed?: { action: string; values: Record<string, string> } };

export async function renderDevice(c: Context<AppEnv>, tag: string, extra: PageExtra = {}, status = 200) {
  const { specsRow, ...data } = await devices.getDevice(c.get('ctx'), c.get('actor'), tag);
  const bench = await loadBench(c.get('ctx'), c.get('actor'), data.device, data.allowed, { facts: data.facts, specs: specsRow, erasures: data.erasures });
  const hubs = data.allowed.includes('transfer') ? await listHubOptions(c.get('ctx').db) : [];
  // Reserving names a request: the open ones of this hub that asked for this kind of device.
  // A ready device waits for one of them: the page links them.
  const requests = data.allowed.includes('reserve') || data.step.waitingForRequest ? await openRequestsFor(c.get('ctx').db, data.device.hub_id, data.device.type) : [];
  const undo = await undoOffer(c.get('ctx'), c.get('actor'), data.device, data.events);
  const canCorrect = can(c.get('actor'), 'device.correct', { hubId: data.device.hub_id }) && CORRECTABLE_STATES.includes(data.device.state);
  return renderPage(
    c,
    data.device.tag,
    (v) => <DevicePage v={v} {...data} device={devices.deviceView(data.device)} hubs={hubs} requests={requests} bench={bench} undo={undo} canCorrect={canCorrect} formKey={randomUUID()} {...extra} />,
    { status },
  );
}

/**
 * The label's URL: staff see the device and its next step, everyone else its public passport. A code
 * that names no device is looked up further only then: an asset's label goes on to equipment's handler
 * (registered after this one), a blank pre-printed label scanned by staff says what it is.
 */
deviceRoutes.get('/d/:tag', async (c, next) => {
  const raw = c.req.param('tag');
  const parsed = parseTag(raw);
  if (parsed.ok && parsed.tag !== raw) return c.redirect(`/d/${parsed.tag}`, 301);
  const staff = can(c.get('actor'), 'device.read');
  try {
    if (!staff) {
      const passport = await getPassport(c.get('ctx'), raw);
      return renderPage(c, c.get('t')('passport.title'), (v) => <PassportPage v={v} p={passport} />);
    }
    const done = c.req.query('done');
    const notice = done ? c.get('t')(c.req.query('replayed') ? 'devices.alreadyDone' : 'devices.done', { action: actionLabel(viewOf(c), done) }) : undefined;
    return await renderDevice(c, raw, { done: notice });
  } catch (e) {
    const found = e instanceof AppError && e.key === 'tags.unknown' && parsed.ok ? await resolveTag(c.get('ctx').db, parsed.tag) : undefined;
    if (found?.kind === 'asset') return next();
    if (found?.kind !== 'blank' || !staff) throw e;
    const { blank } = found;
    return renderPage(c, blank.tag, (v) => (
      <BlankLabelPage v={v} tag={blank.tag} hub={blank.hub_name} claimed={blank.claimed_at !== null} canIntake={can(c.get('actor'), 'donation.create', { hubId: blank.hub_id })} />
    ));
  }
});

deviceRoutes.post('/d/:tag/actions', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  const values = Object.fromEntries(Object.entries(raw).map(([k, val]) => [k, String(val)]));
  try {
    const input = parseInput(actionInputSchema, raw, c.get('locale'));
    // A final or destructive step is applied from the page only once the person has ticked that they understand.
    if (raw.confirm !== 'yes' && (await devices.needsConfirmationNow(c.get('ctx'), actor, tag, input.action, input.expectedVersion))) {
      throw new AppError(422, 'nextStep.confirmRequired', { action: input.action });
    }
    const result = await applyDeviceAction(c.get('ctx'), actor, tag, input);
    // The page lands where the eyes are: what was done, and the next step under it.
    return c.redirect(`/d/${result.tag}?done=${input.action}${result.replayed ? '&replayed=1' : ''}#next-steps`, 303);
  } catch (e) {
    const failed = { action: values.action ?? '', values };
    if (e instanceof ValidationError) return renderDevice(c, tag, { issues: e.issues, failed }, 422);
    if (e instanceof AppError && [403, 409, 422].includes(e.status)) {
      return renderDevice(c, tag, { error: c.get('t')(e.key, e.params), failed }, e.status);
    }
    throw e;
  }
});

deviceRoutes.get('/devices', async (c) => {
  const actor = requireActor(c);
  const query = parseInput(listQuerySchema, c.req.query(), c.get('locale'));
  const [result, hubs] = await Promise.all([devices.listDevices(c.get('ctx'), actor, query), listHubs(c.get('ctx').db)]);
  return renderPage(
    c,
    c.get('t')('devices.list.title'),
    (v) => (
      <DeviceListPage
        v={v}
        items={result.items}
        next={result.next}
        query={query}
        hubs={hubs}
        showHubFilter={spansAllHubs(actor, 'device.read')}
        mistypedTag={result.mistypedTag}
        behind={result.behind}
      />
    ),
    { wide: true },
  );
});
