import { Hono } from 'hono';
import { can, homeHubId } from '../access/policy';
import { worksAtBench } from '../access/scopes';
import { Home, Landing } from '../../views/home/page';
import { EquipmentPanel } from '../../views/equipment/pages';
import { dashboard } from '../equipment/service';
import { stockByState } from '../devices/public';
import { findHubById, pingDatabase } from '../hubs/public';
import type { AppEnv } from '../http/env';
import { renderPage } from '../http/render';
import { benchQueueFor } from '../workshop/queue';

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', async (c) => {
  const actor = c.get('actor');
  // A partner's home is its portal.
  if (actor && can(actor, 'portal.use')) return c.redirect('/portal', 303);
  if (!actor || !can(actor, 'hub.read')) return renderPage(c, 'Rigenera', (v) => <Landing v={v} />);
  const hubId = homeHubId(actor);
  const [stock, hub, equipment, queue] = await Promise.all([
    stockByState(c.get('ctx').db, hubId),
    hubId ? findHubById(c.get('ctx').db, hubId) : undefined,
    dashboard(c.get('ctx'), actor),
    benchQueueFor(c.get('ctx'), actor),
  ]);
  return renderPage(c, hub?.name ?? c.get('t')('home.allHubs'), (v) => (
    <Home
      v={v}
      hubName={hub?.name ?? null}
      hubCode={null}
      stock={stock}
      canIntake={can(actor, 'donation.create')}
      canScan={can(actor, 'device.read')}
      queue={queue}
      bench={worksAtBench(actor)}
      equipment={equipment ? <EquipmentPanel v={v} {...equipment} /> : undefined}
    />
  ));
});

homeRoutes.get('/healthz', async (c) => {
  try {
    await pingDatabase(c.get('ctx').db);
    return c.json({ status: 'ok', database: c.get('ctx').dbKind });
  } catch {
    return c.json({ status: 'unavailable' }, 503);
  }
});
