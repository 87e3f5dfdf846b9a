import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type TestContext } from './support/context';
import { jsonLdToStore, loadShapes, validate } from './support/shacl';

/**
 * The open-data catalogue as a harvester reads it: the official DCAT-AP 2.1.1 SHACL shapes, and what
 * the Italian profile (ckanext-dcatapit, used by dati.gov.it) reads beyond them.
 */
let t: TestContext;
let catalog: any;

beforeAll(async () => {
  t = await createTestContext({ env: { RIGENERA_PROGRAMME_EMAIL: 'digipass@example.org' } });
  // The programme's life starts with its first figure (February 2026); today is in the second quarter.
  t.clock.set('2026-02-10T09:00:00.000Z');
  await donate(t, await t.token('coordinator', 'FOL'), 'FOL', [{ type: 'laptop' }]);
  t.clock.set('2026-05-10T09:00:00.000Z');
  const res = await t.api('GET', '/opendata/catalog.jsonld', null);
  expect(res.status).toBe(200);
  catalog = res.json;
});
afterAll(() => t.close());

describe('catalog.jsonld', () => {
  it('passes the mandatory DCAT-AP 2.1.1 shapes and ranges with no violation; the recommended ones are listed', async () => {
    const data = await jsonLdToStore(catalog);
    expect(data.size).toBeGreaterThan(100);
    const mandatory = await validate(data, loadShapes('mandatory'));
    const violations = mandatory.results.filter((r) => r.severity === 'Violation');
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    const recommended = await validate(data, loadShapes('recommended'));
    const warnings = [...mandatory.results, ...recommended.results];
    // Listed in the test output, as the issue asks: what a harvester would only warn about.
    console.log(`DCAT-AP recommended shapes: ${warnings.length} warning(s)${warnings.map((w) => `\n  ${w.severity} ${w.focus} ${w.path}: ${w.message}`).join('')}`);
  });

  it('rejects a broken catalogue: the validator really runs', async () => {
    const broken = structuredClone(catalog);
    delete broken['dcat:dataset'][0]['dct:description'];
    broken['dcat:dataset'][1]['dct:publisher'] = 'not an agent';
    delete broken['dct:title'];
    const result = await validate(await jsonLdToStore(broken), loadShapes('mandatory'));
    expect(result.conforms).toBe(false);
    const paths = result.results.filter((r) => r.severity === 'Violation').map((r) => r.path);
    expect(paths).toContain('http://purl.org/dc/terms/description');
    expect(paths).toContain('http://purl.org/dc/terms/publisher');
    expect(paths).toContain('http://purl.org/dc/terms/title');
  });

  it('carries what the Italian profile reads beyond the shapes', () => {
    const datasets = catalog['dcat:dataset'] as any[];
    expect(datasets.map((d) => d['@id'].split('#')[1])).toEqual(['figures', 'recipients', 'impact-factors']);
    for (const d of datasets) {
      const cp = d['dcat:contactPoint'];
      expect(cp['vcard:hasEmail']['@id']).toBe('mailto:digipass@example.org');
      expect(cp['vcard:organization-name']).toBe('Regione Umbria — programma DigiPASS');
      expect(cp['@type']).toContain('vcard:Kind');
      expect(d['dct:temporal']['schema:startDate']).toEqual({ '@value': '2026-01-01', '@type': 'xsd:date' });
      expect(d['dct:temporal']['schema:endDate']).toEqual({ '@value': '2026-06-30', '@type': 'xsd:date' });
      expect(d['dct:spatial']['dcatapit:geographicalIdentifier']).toBe('10');
      expect(d['dct:issued']['@value']).toBe('2026-01-01');
      expect(d['dct:modified']['@value']).toBe('2026-05-10');
    }
    // The figures and recipients are the Region's (CC BY 4.0); the factors are The Restart Project's (CC BY-SA 4.0).
    expect(datasets[0]['dct:rightsHolder']['foaf:name']).toBe('Regione Umbria — programma DigiPASS');
    expect(datasets[1]['dct:rightsHolder']['foaf:name']).toBe('Regione Umbria — programma DigiPASS');
    expect(datasets[0]['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(datasets[1]['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(datasets[2]['dct:rightsHolder']['foaf:name']).toBe('The Restart Project');
    expect(datasets[2]['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
    for (const dist of datasets[2]['dcat:distribution']) expect(dist['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
    // The open quarter is provisional; a closed one is not, and was issued the day after it closed.
    const q2 = datasets[0]['dcat:distribution'].find((d: any) => d['@id'].endsWith('/figures/2026-Q2.csv'));
    const q1 = datasets[0]['dcat:distribution'].find((d: any) => d['@id'].endsWith('/figures/2026-Q1.csv'));
    expect(q2['adms:status']['@id']).toBe('http://purl.org/adms/status/UnderDevelopment');
    expect(q2['dct:title']).toContain('provvisorio');
    expect(q1['adms:status']).toBeUndefined();
    expect(q1['dct:issued']['@value']).toBe('2026-04-01');
  });

  it('serves the programme’s quarters, marks the open one provisional, and answers 404 outside its life', async () => {
    const q2 = await t.api('GET', '/opendata/figures/2026-Q2.json', null);
    expect(q2.status).toBe(200);
    expect(q2.json.provisional).toBe(true);
    const q1 = await t.api('GET', '/opendata/recipients/2026-Q1.json', null);
    expect(q1.status).toBe(200);
    expect(q1.json.provisional).toBe(false);
    for (const path of ['/opendata/figures/2099-Q1.csv', '/opendata/figures/2026-Q3.json', '/opendata/recipients/2025-Q4.csv']) {
      const r = await t.api('GET', path, null);
      expect(r.status, path).toBe(404);
      expect(r.text).toContain('fuori dalla vita del programma');
    }
  });
});

describe('catalog.jsonld names the body that runs the programme', () => {
  it('publisher and contact point: the body and its PEC, else the configured address; a hub’s own e-mail on its figures', async () => {
    const admin = await t.token('admin');
    const before = catalog['dcat:dataset'][0]['dct:relation'].find((r: any) => r['@id'].endsWith('/hubs/FOL'));
    expect(before['dcat:contactPoint']).toBeUndefined();
    // Only the body's name is set: the PEC is missing, so the configured address answers.
    expect((await t.api('PUT', '/api/v1/programme', admin, { name: 'DigiPASS Umbria', bodyName: 'Comunità Montana dei Monti Martani' })).status).toBe(200);
    let c = (await t.api('GET', '/opendata/catalog.jsonld', null)).json;
    expect(c['dct:publisher']['foaf:name']).toBe('Comunità Montana dei Monti Martani');
    expect(c['dcat:dataset'][0]['dcat:contactPoint']['vcard:hasEmail']['@id']).toBe('mailto:digipass@example.org');

    expect(
      (await t.api('PUT', '/api/v1/programme', admin, { name: 'DigiPASS Umbria', bodyName: 'Comunità Montana dei Monti Martani', taxCode: '94000120546', pec: 'digipass@pec.example.org' })).status,
    ).toBe(200);
    expect((await t.api('PUT', '/api/v1/hubs/FOL/identity', admin, { email: 'digipass.foligno@example.org' })).status).toBe(200);
    c = (await t.api('GET', '/opendata/catalog.jsonld', null)).json;
    expect(c['dct:publisher']).toMatchObject({ 'foaf:name': 'Comunità Montana dei Monti Martani', 'dct:identifier': '94000120546' });
    const [figures, recipients] = c['dcat:dataset'];
    for (const d of [figures, recipients]) {
      expect(d['dct:publisher']['foaf:name']).toBe('Comunità Montana dei Monti Martani');
      expect(d['dct:rightsHolder']['foaf:name']).toBe('Comunità Montana dei Monti Martani');
      expect(d['dcat:contactPoint']['vcard:organization-name']).toBe('Comunità Montana dei Monti Martani');
      expect(d['dcat:contactPoint']['vcard:hasEmail']['@id']).toBe('mailto:digipass@pec.example.org');
    }
    const fol = figures['dct:relation'].find((r: any) => r['@id'].endsWith('/hubs/FOL'));
    expect(fol['dcat:contactPoint']['vcard:hasEmail']['@id']).toBe('mailto:digipass.foligno@example.org');
    expect(figures['dct:relation'].find((r: any) => r['@id'].endsWith('/hubs/PER'))['dcat:contactPoint']).toBeUndefined();
    // Still a catalogue a harvester takes.
    const mandatory = await validate(await jsonLdToStore(c), loadShapes('mandatory'));
    expect(mandatory.results.filter((r) => r.severity === 'Violation')).toEqual([]);
  });
});
