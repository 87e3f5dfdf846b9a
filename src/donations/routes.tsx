import { nowIso } from '../context';
import { hubDay } from '../shared/hub-time';
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { DonationForm } from '../../views/donations/form';
import { DonationListPage, DonationPage } from '../../views/donations/show';
import { listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError, ValidationError } from '../shared/errors';
import { parseInput, recordIdParam } from '../shared/validate';
import { donationInputSchema } from './schema';
import * as donations from './service';
import { can } from '../access/policy';
import { spansAllHubs } from '../access/scopes';

export const donationRoutes = new Hono<AppEnv>();

const idSchema = recordIdParam;

donationRoutes.get('/donations/new', async (c) => {
  const actor = requireActor(c);
  if (!can(actor, 'donation.create')) throw new AppError(403, 'access.denied');
  const hubs = spansAllHubs(actor, 'donation.create') ? await listHubs(c.get('ctx').db) : null;
  // Coming from a scanned blank label: its tag is already on the first device's line.
  const tag = c.req.query('tag')?.slice(0, 40);
  const values = tag ? { devices: [{ tag }] } : undefined;
  return renderPage(c, c.get('t')('donations.new.title'), (v) => <DonationForm v={v} hubs={hubs} values={values} today={hubDay(nowIso(c.get('ctx')))} formKey={randomUUID()} />);
});

donationRoutes.post('/donations', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const input = parseInput(donationInputSchema, raw, c.get('locale'));
    const result = await donations.registerDonation(c.get('ctx'), actor, input);
    return c.redirect(`/donations/${result.id}?created=1`, 303);
  } catch (e) {
    const rerender = (status: number, extra: { issues?: { path: string; message: string }[]; error?: string }) =>
      (async () => {
        const hubs = spansAllHubs(actor, 'donation.create') ? await listHubs(c.get('ctx').db) : null;
        // A fresh key: the failed attempt wrote nothing, so the corrected form is a new submission.
        return renderPage(c, c.get('t')('donations.new.title'), (v) => <DonationForm v={v} hubs={hubs} values={raw} today={hubDay(nowIso(c.get('ctx')))} formKey={randomUUID()} {...extra} />, {
          status,
        });
      })();
    if (e instanceof ValidationError) return rerender(422, { issues: e.issues });
    if (e instanceof AppError && e.status !== 401) return rerender(e.status, { error: c.get('t')(e.key, e.params) });
    throw e;
  }
});

donationRoutes.get('/donations', async (c) => {
  const actor = requireActor(c);
  const before = c.req.query('before') ? parseInput(idSchema, c.req.query('before'), c.get('locale')) : undefined;
  const list = await donations.listDonations(c.get('ctx'), actor, { before });
  const exportHubs = spansAllHubs(actor, 'device.read') ? await listHubs(c.get('ctx').db) : null;
  return renderPage(c, c.get('t')('donations.list.title'), (v) => <DonationListPage v={v} {...list} exportHubs={exportHubs} />, { wide: true });
});

donationRoutes.get('/donations/:id', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const data = await donations.getDonation(c.get('ctx'), actor, id);
  return renderPage(c, c.get('t')('donations.show.title', { id }), (v) => <DonationPage v={v} {...data} justCreated={c.req.query('created') === '1'} />, {
    wide: true,
  });
});
