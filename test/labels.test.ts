import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTag } from '../src/tags/tag';
import { BASE_URL, createTestContext, donate, type Person, type TestContext } from './support/context';
import { decodeAll, rasteriseZpl, rasterisePdf, upscale } from './support/labels';

let t: TestContext;
let coordinator: Person;
let coordinatorToken: string;

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.person('coordinator', 'FOL');
  coordinatorToken = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

async function fetchFile(path: string, bearer: string | null = coordinatorToken) {
  const res = await t.app.request(path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

const symbols = (decoded: { type: string; text: string }[]) => decoded.map((d) => `${d.type}:${d.text}`).sort();

describe('GET /api/v1/labels', () => {
  it('returns an A4 PDF whose labels decode to each device’s URL and tag, in the order asked', async () => {
    const { devices } = await donate(t, coordinatorToken, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240', quantity: 3 }]);
    const tags = devices.map((d) => d.tag).reverse();
    const r = await fetchFile(`/api/v1/labels?tags=${tags.join(',')}&format=a4-3x7`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.disposition).toMatch(/attachment; filename="rigenera-a4-3x7-3\.pdf"/);
    const page = rasterisePdf(r.body, 200)[0]!;
    // Whole page at once: zbar finds every symbol; each label position is checked in the render tests.
    const found = symbols(decodeAll([page])[0]!);
    for (const tag of tags) {
      expect(found).toContain(`QR-Code:${BASE_URL}/d/${tag}`);
      expect(found).toContain(`CODE-128:${tag}`);
    }
  });

  it('returns ZPL for a Zebra format, one label per tag', async () => {
    const { devices } = await donate(t, coordinatorToken, 'FOL', [{ type: 'monitor', quantity: 2 }]);
    const r = await fetchFile(`/api/v1/labels?tags=${devices.map((d) => d.tag).join(',')}&format=zpl-50x25`);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/x-zpl/);
    const labels = rasteriseZpl(r.body.toString('utf8'));
    expect(labels).toHaveLength(2);
    const decoded = decodeAll(labels.map((l) => upscale(l.image, 4)));
    devices.forEach((d, i) => expect(symbols(decoded[i]!)).toEqual([`CODE-128:${d.tag}`, `QR-Code:${BASE_URL}/d/${d.tag}`]));
  });

  it('takes a donation or a start position, and says clearly what is wrong with a request', async () => {
    const { id, devices } = await donate(t, coordinatorToken, 'FOL', [{ type: 'laptop', quantity: 2 }]);
    expect((await fetchFile(`/api/v1/labels?donation=${id}&format=ql-62x29`)).status).toBe(200);
    expect((await fetchFile(`/api/v1/labels?tags=${devices[0]!.tag}&format=a4-2x7&start=14`)).status).toBe(200);

    const tag = devices[0]!.tag;
    const typo = tag.slice(0, 4) + (tag[4] === '1' ? '2' : '1') + tag.slice(5);
    const cases: [string, number, RegExp][] = [
      [`/api/v1/labels?tags=${typo}`, 400, /sembra digitato male/],
      [`/api/v1/labels?tags=${formatTag('FOL', 99999)}`, 404, /Nessun dispositivo né etichetta vuota/],
      [`/api/v1/labels?tags=${tag}&format=a4-2x7&start=15`, 422, /da 1 a 14/],
      [`/api/v1/labels?tags=${tag}&format=a4-9x9`, 422, /./],
      [`/api/v1/labels?format=a4-3x7`, 422, /Nessuna etichetta da stampare/],
      [`/api/v1/labels?donation=999999`, 404, /Donazione non trovata/],
      [`/api/v1/labels?tags=${tag}&dx=abc`, 422, /./],
    ];
    for (const [path, status, message] of cases) {
      const res = await t.api('GET', path, coordinatorToken);
      expect(res.status, path).toBe(status);
      expect(res.json.error, path).toMatch(message);
    }
    expect((await fetchFile(`/api/v1/labels?tags=${tag}`, null)).status).toBe(401);
  });

  it('lists every format with its geometry in millimetres', async () => {
    const r = await t.api('GET', '/api/v1/labels/formats', coordinatorToken, undefined, { 'accept-language': 'en' });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.json.formats.map((f: { id: string }) => [f.id, f]));
    expect(Object.keys(byId).sort()).toEqual(['a4-2x7', 'a4-2x8', 'a4-3x7', 'a4-3x8', 'ql-62-roll', 'ql-62x29', 'zpl-100x50', 'zpl-50x25']);
    expect(byId['a4-3x7']).toMatchObject({
      output: 'pdf',
      page: { widthMm: 210, heightMm: 297 },
      label: { widthMm: 63.5, heightMm: 38.1 },
      columns: 3,
      rows: 7,
      perPage: 21,
      name: 'A4, 21 labels 63.5 × 38.1 mm (3 × 7)',
    });
    expect(byId['zpl-50x25']).toMatchObject({ output: 'zpl', dpi: 203, label: { widthMm: 50, heightMm: 25 } });
  });
});

describe('the label pages', () => {
  it('are linked from the device page, the donation page and the device list', async () => {
    const { id, devices } = await donate(t, coordinatorToken, 'FOL', [{ type: 'laptop', quantity: 2 }]);
    const tag = devices[0]!.tag;
    expect((await t.page(`/d/${tag}`, coordinator.cookie)).html).toContain(`href="/labels?tags=${tag}"`);
    const donation = await t.page(`/donations/${id}?created=1`, coordinator.cookie);
    expect(donation.html).toContain(`href="/labels?donation=${id}"`);
    expect(donation.html).toContain('Stampa le etichette di questa donazione (2)');
    const list = await t.page('/devices', coordinator.cookie);
    expect(list.html).toContain(`name="tags" value="${tag}" form="label-selection"`);
    expect(list.html).toContain('<form id="label-selection" method="get" action="/labels"');
  });

  it('previews a selection with the chosen start position, and prints it as SVG pages in millimetres', async () => {
    const { devices } = await donate(t, coordinatorToken, 'FOL', [{ type: 'laptop', quantity: 3 }]);
    const query = devices.map((d) => `tags=${d.tag}`).join('&');
    const page = await t.page(`/labels?${query}&format=a4-3x7&start=20`, coordinator.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('2 pagine');
    // Positions 1–19 are drawn as used on the first page.
    expect((page.html.match(/class="label-outline label-used"/g) ?? []).length).toBe(19);
    expect(page.html).toContain(`href="/api/v1/labels?tags=${devices.map((d) => d.tag).join('%2C')}&amp;format=a4-3x7&amp;start=20"`);

    const preview = await t.page(`/labels/preview?${query}&format=a4-3x7&start=20`, coordinator.cookie);
    expect(preview.status).toBe(200);
    expect((preview.html.match(/<svg [^>]*width="210mm" height="297mm" viewBox="0 0 210 297"/g) ?? []).length).toBe(2);
    expect(preview.html).toContain('class="sheet fmt-a4-3x7"');
    for (const d of devices) expect(preview.html).toContain(`data-tag="${d.tag}"`);
    const css = await t.page('/labels/pages.css', coordinator.cookie);
    expect(css.html).toContain('@page fmt-a4-3x7 { size: 210mm 297mm; margin: 0; }');
    expect(css.html).toContain('@page fmt-zpl-50x25 { size: 50mm 25mm; margin: 0; }');
  });
});

describe('blank pre-numbered tags', () => {
  it('are allocated from the hub’s counter, so later devices never get one of them', async () => {
    const before = await donate(t, coordinatorToken, 'FOL', [{ type: 'laptop' }]);
    const r = await t.form('/labels/blanks', coordinator.cookie, { count: 5 });
    expect(r.status).toBe(303);
    const batchId = Number(/batch=(\d+)/.exec(r.location!)![1]);
    const page = await t.page(r.location!, coordinator.cookie);
    expect(page.html).toContain('5 etichette');
    const blanks = (await t.db.selectFrom('label_blanks').select('tag').where('batch_id', '=', batchId).orderBy('tag').execute()).map((b) => b.tag);
    expect(blanks).toHaveLength(5);
    const n = Number(before.devices[0]!.tag.slice(4, 9));
    expect(blanks).toEqual([1, 2, 3, 4, 5].map((i) => formatTag('FOL', n + i)));
    const after = await donate(t, coordinatorToken, 'FOL', [{ type: 'laptop' }]);
    expect(after.devices[0]!.tag).toBe(formatTag('FOL', n + 6));
    // A blank's label prints with its hub and no description.
    const file = await fetchFile(`/api/v1/labels?batch=${batchId}&format=zpl-100x50`);
    expect(rasteriseZpl(file.body.toString('utf8')).map((l) => l.fields.map((f) => f.text))[0]).toEqual(['DigiPASS Foligno', blanks[0]]);
  });

  it('refuses a volunteer and another hub', async () => {
    const volunteer = await t.person('volunteer', 'FOL');
    const before = await t.count('label_blanks');
    expect((await t.form('/labels/blanks', volunteer.cookie, { count: 5 })).status).toBe(403);
    const r = await t.form('/labels/blanks', coordinator.cookie, { count: 5, hub: 'PER' });
    expect(r.status).toBe(403);
    expect(r.html).toContain('solo per il tuo hub');
    expect((await t.form('/labels/blanks', coordinator.cookie, { count: 5000 })).status).toBe(422);
    expect(await t.count('label_blanks')).toBe(before);
  });

  it('is claimed at intake by the device whose line names it, once, and only in its own hub', async () => {
    const batch = await t.form('/labels/blanks', coordinator.cookie, { count: 3 });
    const batchId = Number(/batch=(\d+)/.exec(batch.location!)![1]);
    const [b1, b2, b3] = (await t.db.selectFrom('label_blanks').select('tag').where('batch_id', '=', batchId).orderBy('tag').execute()).map((b) => b.tag) as [string, string, string];
    // Scanned from the label: the full URL works as well as the bare tag.
    const r = await t.api('POST', '/api/v1/donations', coordinatorToken, {
      donor: { kind: 'company', name: 'ACME' },
      devices: [{ type: 'laptop', tag: `${BASE_URL}/d/${b1}` }, { type: 'desktop' }, { type: 'monitor', tag: b2.toLowerCase() }],
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json.devices.map((d: { tag: string }) => d.tag)).toEqual([b1, expect.stringMatching(/^FOL-/), b2]);
    expect(r.json.devices[1].tag).not.toBe(b3);
    expect((await t.db.selectFrom('label_blanks').select(['claimed_at', 'donation_id']).where('tag', '=', b1).executeTakeFirstOrThrow()).donation_id).toBe(r.json.id);

    const devicesBefore = await t.count('devices');
    const refused = async (devices: Record<string, unknown>[], bearer = coordinatorToken) => t.api('POST', '/api/v1/donations', bearer, { donor: { kind: 'company', name: 'ACME' }, devices });
    const again = await refused([{ type: 'laptop' }, { type: 'laptop', tag: b1 }]);
    expect(again.status).toBe(409);
    expect(again.json.error).toContain(`L’etichetta ${b1} è già stata assegnata`);
    const perToken = await t.token('coordinator', 'PER');
    const otherHub = await refused([{ type: 'laptop', tag: b3 }], perToken);
    expect(otherHub.status).toBe(422);
    expect(otherHub.json.error).toContain('è dell’hub DigiPASS Foligno');
    const notBlank = await refused([{ type: 'laptop', tag: r.json.devices[1].tag }]);
    expect(notBlank.status).toBe(422);
    expect(notBlank.json.error).toContain('non è un’etichetta vuota');
    const twice = await refused([
      { type: 'laptop', tag: b3 },
      { type: 'laptop', tag: b3 },
    ]);
    expect(twice.json.error).toContain('compare due volte');
    const withQuantity = await refused([{ type: 'laptop', tag: b3, quantity: 2 }]);
    expect(withQuantity.status).toBe(422);
    expect(withQuantity.json.error).toContain('la quantità deve essere 1');
    const typo = await refused([{ type: 'laptop', tag: b3.slice(0, -1) + (b3.endsWith('A') ? 'B' : 'A') }]);
    expect(typo.status).toBe(422);
    expect(typo.json.error).toContain('digitato male');
    expect(await t.count('devices')).toBe(devicesBefore);
  });

  it('goes to exactly one of two registrations that claim it at the same moment', async () => {
    const batch = await t.form('/labels/blanks', coordinator.cookie, { count: 1 });
    const batchId = Number(/batch=(\d+)/.exec(batch.location!)![1]);
    const { tag } = await t.db.selectFrom('label_blanks').select('tag').where('batch_id', '=', batchId).executeTakeFirstOrThrow();
    const devicesBefore = await t.count('devices');
    const results = await Promise.all(
      [1, 2].map((i) => t.api('POST', '/api/v1/donations', coordinatorToken, { donor: { kind: 'company', name: `Racer ${i}` }, devices: [{ type: 'laptop' }, { type: 'laptop', tag }] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.count('devices')).toBe(devicesBefore + 2);
    expect(await t.db.selectFrom('devices').select('id').where('tag', '=', tag).execute()).toHaveLength(1);
  });

  it('shows staff who open a blank label’s URL what it is, with the way to use it', async () => {
    const batch = await t.form('/labels/blanks', coordinator.cookie, { count: 1 });
    const batchId = Number(/batch=(\d+)/.exec(batch.location!)![1]);
    const { tag } = await t.db.selectFrom('label_blanks').select('tag').where('batch_id', '=', batchId).executeTakeFirstOrThrow();
    const page = await t.page(`/d/${tag}`, coordinator.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Etichetta vuota dell’hub DigiPASS Foligno');
    expect(page.html).toContain(`href="/donations/new?tag=${tag}"`);
    // Anyone else: there is no device behind it.
    expect((await t.page(`/d/${tag}`)).status).toBe(404);
  });

  it('fills the donation form’s first line when a scanned blank leads there', async () => {
    const page = await t.page(`/donations/new?tag=${formatTag('FOL', 77)}`, coordinator.cookie);
    expect(page.html).toContain(`name="devices.0.tag" type="text" value="${formatTag('FOL', 77)}"`);
  });
});

describe('the labels page', () => {
  it('announces before printing that labels started part-way down a sheet spill onto a new one', async () => {
    const { devices } = await donate(t, coordinatorToken, 'FOL', [{ type: 'laptop', quantity: 5 }]);
    const tags = devices.map((d) => d.tag).join(',');
    const spills = await t.page(`/labels?tags=${tags}&format=a4-3x7&start=19`, coordinator.cookie);
    expect(spills.html).toContain('Partendo dalla posizione 19, su questo foglio entrano 3 etichette: le altre 2 vanno su un foglio nuovo (2 fogli in tutto).');
    const fits = await t.page(`/labels?tags=${tags}&format=a4-3x7&start=17`, coordinator.cookie);
    expect(fits.html).not.toContain('id="label-spill"');
    const last = await t.page(`/labels?tags=${tags}&format=a4-3x7&start=21`, coordinator.cookie);
    expect(last.html).toContain('su questo foglio entra 1 etichetta: le altre 4 vanno su un foglio nuovo (2 fogli in tutto).');
  });
});
