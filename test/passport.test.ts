import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type TestContext } from './support/context';
import { walkTo } from './support/walk';

let t: TestContext;
let admin: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.token('admin');
});
afterAll(() => t.close());

describe('the public passport of a scanned label', () => {
  it('shows the main specifications once known, and nothing about donors, people, serials or notes', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T440', serial: 'PF-0AB12CD', conditionNote: 'graffio sul coperchio, nota interna' }], {
      kind: 'citizen',
      name: 'Ermenegilda Zanzibar-Donatrice',
      email: 'ermenegilda.zanzibar@example.org',
      phone: '+39 333 1234567',
      taxCode: 'ZNZRNG70A41D653X',
    });
    const tag = devices[0]!.tag;
    const id = (await t.db.selectFrom('devices').select('id').where('tag', '=', tag).executeTakeFirstOrThrow()).id;
    const volunteer = await t.person('volunteer', 'FOL', 'Bartolomea Volontaria');
    const token = await t.token('volunteer', 'FOL', 'banco Bartolomea');
    await walkTo(t, token, tag, 'ready');
    // A hardware report's findings (here after the erasure), with the kind of data that must never be public.
    await t.db
      .insertInto('device_specs')
      .values({
        device_id: id,
        report_id: null,
        manufacturer: 'LENOVO',
        model: '20B6005JIX',
        serial: 'SPEC-SERIAL-9Z77',
        chassis: 'notebook',
        cpu_model: 'Intel(R) Core(TM) i5-4300U CPU @ 1.90GHz',
        cpu_cores: 2,
        cpu_threads: 4,
        cpu_64bit: 1,
        ram_mb: 8192,
        storage_gb: 256,
        has_ssd: 1,
        disk_count: 1,
        screen_inches: 14,
        battery_health_pct: 71,
        specs: JSON.stringify({
          manufacturer: 'LENOVO',
          model: '20B6005JIX',
          serial: 'SPEC-SERIAL-9Z77',
          chassis: 'notebook',
          cpu: { model: 'Intel(R) Core(TM) i5-4300U CPU @ 1.90GHz', cores: 2, threads: 4, is64bit: true },
          ram: { totalBytes: 8 * 1024 ** 3, modules: [{ sizeBytes: 8 * 1024 ** 3, type: 'DDR3', speedMhz: 1600, slot: 'ChannelA-DIMM0' }] },
          disks: [{ model: 'Samsung SSD 850', serial: 'S21NNXAG712345', sizeBytes: 256e9, kind: 'ssd', health: 'ok', healthReasons: [], powerOnHours: 12000 }],
          macs: ['3c:97:0e:aa:bb:cc'],
          battery: { healthPercent: 71, designWh: 45, fullWh: 32 },
          screenInches: 14,
        }),
        updated_at: '2026-03-10T09:00:00.000Z',
      })
      .execute();

    // The phone's own camera opens the label's URL with no session.
    const r = await t.page(`/d/${tag}`);
    expect(r.status).toBe(200);
    expect(r.html).toContain('Caratteristiche');
    expect(r.html).toContain('Intel(R) Core(TM) i5-4300U CPU @ 1.90GHz');
    expect(r.html).toContain('<dd>8 GB</dd>');
    expect(r.html).toContain('<dd>256 GB SSD</dd>');
    expect(r.html).toContain('<dd>14″</dd>');
    expect(r.html).toContain('Ricondizionato da DigiPASS Foligno');
    expect(r.html).toMatch(/Pronto per il riuso dal \d\d\/\d\d\/\d{4}/);
    for (const secret of [
      'Ermenegilda',
      'Zanzibar',
      'ermenegilda.zanzibar',
      '333 1234567',
      'ZNZRNG70A41D653X',
      'PF-0AB12CD',
      'SPEC-SERIAL-9Z77',
      'S21NNXAG712345',
      '3c:97:0e',
      'graffio',
      'nota interna',
      'Bartolomea',
      'banco Bartolomea',
      '20B6005JIX',
    ]) {
      expect(r.html, secret).not.toContain(secret);
    }
    // Staff see the device page instead.
    expect((await t.page(`/d/${tag}`, volunteer.cookie)).html).toContain('PF-0AB12CD');
  });

  it('leaves the specifications out until a report is in', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'desktop' }]);
    const r = await t.page(`/d/${devices[0]!.tag}`);
    expect(r.status).toBe(200);
    expect(r.html).not.toContain('Caratteristiche');
  });
});
