/**
 * One of every kind of object, all of the Foligno hub (and its partner school Alfa), and the people
 * who look at them: the access matrix, the fuzzer and the hardening sweep take every route of the app
 * (from its own router) to these objects.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/access/roles';
import { startSession } from '../../src/auth/service';
import { act, donate, type Person, type TestContext } from './context';
import { approvedRequest } from './partners';
import { DELL, NWIPE_LOG, sample, sampleJson } from './samples';
import { walkTo } from './walk';

export const WHO = ['anonymous', 'partnerOther', 'volunteerOther', 'volunteer', 'coordinator', 'region', 'admin', 'coordinatorOther'] as const;
export type Who = (typeof WHO)[number];

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld(t: TestContext) {
  const admin = await t.person('admin', undefined, 'Amministratore');
  const adminToken = await t.token('admin');
  const token = await t.token('coordinator', 'FOL');

  // Devices: one just received, one with a hardware report, an erasure log and a certificate, one delivered.
  const donation = await donate(t, token, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240' }, { type: 'laptop' }, { type: 'laptop' }, { type: 'laptop' }], {
    kind: 'citizen',
    name: 'Donatrice Mondo',
  });
  const [tag, benchTag, deliveredTag, movedTag] = donation.devices.map((d) => d.tag) as [string, string, string, string];
  await act(t, token, benchTag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
  const report = await t.api('POST', `/api/v1/devices/${benchTag}/hardware-reports`, token, { lshw: sampleJson(DELL.lshw), smartctl: sampleJson(DELL.smartctl), dmidecode: sample(DELL.dmidecode) });
  if (report.status !== 201) throw new Error(`hardware report: ${report.status} ${report.text}`);
  const log = await t.app.request(`/api/v1/devices/${benchTag}/erasure-logs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: sample(NWIPE_LOG) });
  const logJson = (await log.json()) as { log?: { id: number } };
  // A device wiped by hand: its certificate has a code anyone can check.
  const wiped = (await donate(t, token, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
  await walkTo(t, token, wiped, 'wiped');
  const cert = await t.app.request(`/api/v1/devices/${wiped}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${token}` } });
  const certificate = cert.headers.get('x-verification-code');
  if (!certificate) throw new Error(`certificate: ${cert.status}`);

  // Partners Alfa and Beta of the hub; Alfa's approved request, a delivery (a loan, with both documents) and a fault report.
  const alfa = await approvedRequest(t, token, 'FOL', { partnerName: 'Scuola Alfa', items: [{ type: 'laptop', quantity: 5 }] });
  const beta = await approvedRequest(t, token, 'FOL', { partnerName: 'Scuola Beta', items: [{ type: 'laptop', quantity: 5 }] });
  const contact = await t.db
    .insertInto('partner_contacts')
    .values({ partner_id: alfa.partner.id, name: 'Referente Alfa', role: null, email: 'referente@alfa.invalid', phone: null, created_at: new Date().toISOString(), erased_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await walkTo(t, token, deliveredTag, 'ready');
  await t.api('POST', `/api/v1/requests/${alfa.id}/reservations`, token, { tags: [deliveredTag] });
  const delivery = await t.api('POST', `/api/v1/requests/${alfa.id}/deliveries`, token, { tags: [deliveredTag], title: 'loan', loanUntil: '2027-06-30' });
  if (delivery.status !== 201) throw new Error(`delivery: ${delivery.status} ${delivery.text}`);
  const alfaToken = await t.token('partner', undefined, 'alfa', { partnerId: alfa.partner.id });
  const faultReport = await t.api('POST', `/api/v1/deliveries/${delivery.json.id}/reports`, alfaToken, { tag: deliveredTag, kind: 'fault', description: 'Non si accende' });

  // A transfer to Perugia, a stock-take, the hub's equipment with a loan back, a quarterly report, an import.
  const transfer = await t.api('POST', '/api/v1/transfers', token, { toHub: 'PER', tags: [movedTag] });
  const stocktake = await t.api('POST', '/api/v1/stocktakes', token, { hub: 'FOL' });
  const asset = await t.api('POST', '/api/v1/assets', token, { hub: 'FOL', category: 'laptop' });
  const lent = await t.api('POST', `/api/v1/assets/${asset.json.tag}/actions`, token, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Visitatore', due: '2026-03-10T19:00' });
  await t.api('POST', `/api/v1/assets/${asset.json.tag}/actions`, token, { action: 'return' });
  const quarterly = await t.api('POST', '/api/v1/reports', token, { hub: 'FOL', quarter: '2025-Q4' });
  const image = await t.api('POST', '/api/v1/os-images', token, { name: 'Linux Mint', version: '22' });
  const coordinatorPerson = await t.person('coordinator', 'FOL', 'Coordinatrice Foligno');
  const fd = new FormData();
  fd.append('_csrf', t.csrf);
  fd.append('file', new Blob(['tipo,marca,modello\nlaptop,Dell,Latitude\n'], { type: 'text/csv' }), 'dispositivi.csv');
  const imported = await t.app.request('/imports', { method: 'POST', headers: { cookie: coordinatorPerson.cookie }, body: fd });
  const importId = Number(/\/imports\/(\d+)/.exec(imported.headers.get('location') ?? '')?.[1] ?? 1);
  const apiToken = await t.db.selectFrom('api_tokens').select('id').orderBy('id').executeTakeFirstOrThrow();

  // The people of the matrix: everyone but the partner looks from Foligno or from everywhere; the partner is Beta, not Alfa.
  const people: Record<Exclude<Who, 'anonymous'>, Person> = {
    partnerOther: await t.person('partner', undefined, 'Persona di Beta', { partnerId: beta.partner.id }),
    volunteerOther: await t.person('volunteer', 'PER', 'Volontario Perugia'),
    coordinatorOther: await t.person('coordinator', 'PER', 'Coordinatrice Perugia'),
    volunteer: await t.person('volunteer', 'FOL', 'Volontaria Foligno'),
    coordinator: coordinatorPerson,
    region: await t.person('region', undefined, 'Regione'),
    admin,
  };
  const alfaPerson = await t.person('partner', undefined, 'Persona di Alfa', { partnerId: alfa.partner.id });

  const ids = {
    tag,
    benchTag,
    deliveredTag,
    donation: donation.id,
    partner: alfa.partner.id,
    contact: contact.id,
    request: alfa.id,
    delivery: delivery.json.id as number,
    faultReport: (faultReport.json?.id as number) ?? 1,
    transfer: transfer.json.id as number,
    stocktake: stocktake.json.id as number,
    hardwareReport: report.json.id as number,
    erasureLog: logJson.log?.id ?? 1,
    certificate,
    wiped,
    asset: asset.json.tag as string,
    loan: lent.json.loan.id as number,
    quarterly: (quarterly.json?.id as number) ?? 1,
    image: (image.json?.id as number) ?? 1,
    import: importId,
    apiToken: apiToken.id,
    volunteerId: people.volunteer.id,
  };

  /** A session of this role's person; a fresh one when asked, for requests that may end it. */
  async function cookieOf(who: Who, fresh = false): Promise<string | null> {
    if (who === 'anonymous') return null;
    const p = people[who];
    if (!fresh) return p.cookie;
    return `rg_session=${await startSession(t.ctx, p.id)}; rg_csrf=${t.csrf}`;
  }

  /** A device of its own for a request that changes it: just received, or walked to a state. */
  async function freshDevice(state: Parameters<typeof walkTo>[3] = 'received'): Promise<string> {
    const { devices } = await donate(t, token, 'FOL', [{ type: 'laptop' }]);
    if (state !== 'received') await walkTo(t, token, devices[0]!.tag, state);
    return devices[0]!.tag;
  }

  return { admin, adminToken, token, alfaToken, alfaPerson, people, ids, cookieOf, freshDevice, roleOf: (who: Who): Role | null => (who === 'anonymous' ? null : (people[who].actor.role as Role)) };
}

/**
 * The concrete path for a route of the app's router, on the world's objects. A route without an entry
 * here is a new route: the tests that walk every route fail until it is added (with its expectations).
 */
export function concretePath(w: World, method: string, path: string): string | undefined {
  const i = w.ids;
  const key = `${method} ${path}`;
  const special: Record<string, string> = {
    'GET /assets/:name{.+}': '/assets/app.css',
    'GET /setup/:token': `/setup/${randomUUID()}`,
    'POST /setup/:token': `/setup/${randomUUID()}`,
    'GET /welcome/:token': `/welcome/${randomUUID()}`,
    'POST /welcome/:token': `/welcome/${randomUUID()}`,
    'POST /users/:id/:op{disable|enable|link}': `/users/${i.volunteerId}/link`,
    'POST /partners/:id/contacts/:contact/erase': `/partners/${i.partner}/contacts/${i.contact}/erase`,
    'POST /partners/:id/users/:user/link': `/partners/${i.partner}/users/0/link`,
    'GET /inbox/:id': '/inbox/2147483647',
    'GET /deliveries/:id/:doc{ddt\\.pdf|comodato\\.pdf}': `/deliveries/${i.delivery}/ddt.pdf`,
    'POST /deliveries/:id/reports/:report/resolve': `/deliveries/${i.delivery}/reports/${i.faultReport}/resolve`,
    'GET /reports/v/:file{[0-9]+\\.pdf}': `/reports/v/${i.quarterly}.pdf`,
    'GET /figures/disks': '/figures/disks?outcome=destroyed&hub=FOL',
    'GET /reports/region/:file{[0-9]{4}-Q[1-4]\\.(pdf|csv)}': '/reports/region/2025-Q4.pdf',
    'GET /reports/:hub/:quarter': '/reports/FOL/2025-Q4',
    'POST /reports/:hub/:quarter': '/reports/FOL/2025-Q4',
    'GET /opendata/figures/:file': '/opendata/figures/2026-Q1.csv',
    'GET /opendata/recipients/:file': '/opendata/recipients/2026-Q1.csv',
    'GET /exports/:list': '/exports/devices',
    'GET /verify/:code': `/verify/${i.certificate}`,
    'GET /api/v1/certificates/:code': `/api/v1/certificates/${i.certificate}`,
    'GET /figures/hub/:code': '/figures/hub/FOL',
    'GET /api/v1/figures/hubs/:code': '/api/v1/figures/hubs/FOL',
    'GET /hubs/:code': '/hubs/FOL',
    'GET /hubs/:code/identity': '/hubs/FOL/identity',
    'POST /hubs/:code/identity': '/hubs/FOL/identity',
    'GET /api/v1/hubs/:code/identity': '/api/v1/hubs/FOL/identity',
    'PUT /api/v1/hubs/:code/identity': '/api/v1/hubs/FOL/identity',
    'GET /deliveries/:id/returns/:tag{[A-Za-z0-9-]+\\.pdf}': `/deliveries/${i.delivery}/returns/${i.deliveredTag}.pdf`,
    'GET /api/v1/checklists/:type': '/api/v1/checklists/laptop',
    'PUT /api/v1/checklists/:type': '/api/v1/checklists/laptop',
    'GET /equipment/loans/:id/receipt.pdf': `/equipment/loans/${i.loan}/receipt.pdf`,
    'GET /api/v1/devices/:tag/erasure-logs/:id/raw': `/api/v1/devices/${i.benchTag}/erasure-logs/${i.erasureLog}/raw`,
    'GET /api/v1/devices/:tag/hardware-reports/:id/raw': `/api/v1/devices/${i.benchTag}/hardware-reports/${i.hardwareReport}/raw`,
    'POST /api/v1/devices/:tag/hardware-reports/:id/review': `/api/v1/devices/${i.benchTag}/hardware-reports/${i.hardwareReport}/review`,
    'POST /d/:tag/hardware-reports/:id/review': `/d/${i.benchTag}/hardware-reports/${i.hardwareReport}/review`,
    'GET /d/:tag/erasure-certificate.pdf': `/d/${i.wiped}/erasure-certificate.pdf`,
    'GET /api/v1/devices/:tag/erasure-certificate.pdf': `/api/v1/devices/${i.wiped}/erasure-certificate.pdf`,
  };
  if (key in special) return special[key];
  // Otherwise each parameter is named by what comes before it.
  let out = '';
  const parts = path.split('/');
  for (let k = 1; k < parts.length; k++) {
    const seg = parts[k]!;
    const before = parts[k - 1] ?? '';
    if (!seg.startsWith(':')) {
      out += `/${seg}`;
      continue;
    }
    const name = seg.slice(1).replace(/\{.*$/, '');
    if (name === 'tag') out += `/${before === 'assets' ? i.asset : i.tag}`;
    else if (name === 'id') {
      const byCollection: Record<string, number> = {
        donations: i.donation,
        partners: i.partner,
        requests: i.request,
        deliveries: i.delivery,
        transfers: i.transfer,
        stocktakes: i.stocktake,
        loans: i.loan,
        images: i.image,
        'os-images': i.image,
        reports: i.quarterly,
        imports: i.import,
        tokens: i.apiToken,
        users: i.volunteerId,
        funding: 1,
        kit: 1,
      };
      if (!(before in byCollection)) return undefined;
      out += `/${byCollection[before]}`;
    } else return undefined;
  }
  return out || '/';
}
