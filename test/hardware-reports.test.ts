import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type TestContext } from './support/context';
import { DELL, sample, sampleJson } from './support/samples';

let t: TestContext;
let volunteer: string;
let coordinator: string;

beforeAll(async () => {
  t = await createTestContext();
  volunteer = await t.token('volunteer', 'FOL');
  coordinator = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

const laptop = async (extra: Record<string, unknown> = {}) => (await donate(t, coordinator, 'FOL', [{ type: 'laptop', ...extra }])).devices[0]!.tag;
const report = (tag: string, body: unknown, token = volunteer) => t.api('POST', `/api/v1/devices/${tag}/hardware-reports`, token, body);
const specsRow = (tag: string) =>
  t.db.selectFrom('device_specs').innerJoin('devices', 'devices.id', 'device_specs.device_id').selectAll('device_specs').where('devices.tag', '=', tag).executeTakeFirst();

const DELL_DISKS = [
  { model: 'LITEONIT LMT-256M6M mSATA 256GB', serial: 'TW0XXM305508539G1361', sizeBytes: 256060514304, kind: 'ssd', health: 'ok' },
  { model: 'Samsung SSD 850 EVO mSATA 500GB', serial: 'S33HNX0J203755R', sizeBytes: 500107862016, kind: 'ssd', health: 'ok', powerOnHours: 17703 },
];

describe('POST /api/v1/devices/<TAG>/hardware-reports with the real samples', () => {
  it('reads the Dell Latitude E7240 (lshw, smartctl array, dmidecode) as a person reads it, and fills device_specs', async () => {
    const tag = await laptop();
    const r = await report(tag, { uuid: 'dell-e7240-0001', lshw: sampleJson(DELL.lshw), smartctl: sampleJson(DELL.smartctl), dmidecode: sample(DELL.dmidecode) });
    expect(r.status, r.text).toBe(201);
    const s = r.json.specs;
    expect(s).toMatchObject({ manufacturer: 'Dell Inc.', model: 'Latitude E7240', serial: '5CQ6VY1', chassis: 'laptop' });
    expect(s.cpu).toEqual({ model: 'Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz', cores: 2, threads: 4, is64bit: true });
    expect(s.ram.totalBytes).toBe(16 * 2 ** 30);
    expect(s.ram.modules).toEqual([
      { sizeBytes: 8 * 2 ** 30, type: 'DDR3', speedMhz: 1600, slot: 'DIMM A' },
      { sizeBytes: 8 * 2 ** 30, type: 'DDR3', speedMhz: 1600, slot: 'DIMM B' },
    ]);
    expect(s.disks).toHaveLength(2);
    expect(s.disks[0]).toMatchObject(DELL_DISKS[0]!);
    expect(s.disks[1]).toMatchObject(DELL_DISKS[1]!);
    expect(s.macs).toEqual(['f0:1f:af:55:7e:18', '0c:8b:fd:68:c8:06']);
    // The third entry of the smartctl array is a ZFS volume smartctl could not open: noted, not a disk.
    expect(r.json.notes.join(' ')).toMatch(/\/dev\/zd0: Unable to detect device type/);
    expect(r.json).toMatchObject({ status: 'applied', flagged: false, deviceUrl: `http://rigenera.test/d/${tag}` });
    expect(await specsRow(tag)).toMatchObject({
      manufacturer: 'Dell Inc.',
      serial: '5CQ6VY1',
      cpu_model: 'Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz',
      cpu_cores: 2,
      cpu_threads: 4,
      cpu_64bit: 1,
      ram_mb: 16384,
      storage_gb: 756,
      has_ssd: 1,
      disk_count: 2,
      chassis: 'laptop',
      report_id: r.json.id,
    });
    expect((await t.api('GET', `/api/v1/devices/${tag}`, volunteer)).json.specs).toEqual(s);
  });

  it('reads the same outputs sent as raw text, with lshw’s root wrapped in an array', async () => {
    const tag = await laptop();
    const r = await report(tag, { lshw: `[${sample(DELL.lshw)}]`, smartctl: sample(DELL.smartctl), dmidecode: sample(DELL.dmidecode) });
    expect(r.status, r.text).toBe(201);
    expect(r.json.specs.cpu.model).toMatch(/i7-4600U/);
    expect(r.json.specs.ram.totalBytes).toBe(17179869184);
    expect(r.json.specs.disks.map((d: { serial: string }) => d.serial)).toEqual(['TW0XXM305508539G1361', 'S33HNX0J203755R']);
  });

  it('lshw alone: its disks carry no kind or health (that is smartctl’s job), and logicalname may be a string or an array', async () => {
    const lshw = sampleJson(DELL.lshw) as any;
    const sata = lshw.children[0].children.find((c: any) => c.id === 'pci').children.find((c: any) => c.id === 'sata');
    sata.children[0].logicalname = ['/dev/sda', '/media/x'];
    const tag = await laptop();
    const r = await report(tag, { lshw });
    expect(r.status, r.text).toBe(201);
    expect(r.json.specs.disks).toEqual([
      { model: 'LITEONIT LMT-256', serial: 'TW0XXM305508539G1361', sizeBytes: 256060514304, kind: 'unknown', health: 'unknown', healthReasons: ['no_smart_data'], powerOnHours: null },
      { model: 'Samsung SSD 850', serial: 'S33HNX0J203755R', sizeBytes: 500107862016, kind: 'ssd', health: 'unknown', healthReasons: ['no_smart_data'], powerOnHours: null },
    ]);
    expect(await specsRow(tag)).toMatchObject({ has_ssd: 1, storage_gb: 756, ram_mb: 16384 });
  });

  it.each([
    [
      'hardware/peracotta-smartctl-ide01.json',
      { model: 'SAMSUNG SV2042H', sizeBytes: 20411080704, kind: 'hdd', health: 'suspect', healthReasons: ['reallocated:7', 'power_on_hours_implausible'], powerOnHours: null },
    ],
    ['hardware/peracotta-smartctl-sata01.json', { model: 'SAMSUNG HD161HJ', sizeBytes: 160041885696, kind: 'hdd', health: 'ok', healthReasons: [], powerOnHours: 20113 }],
    [
      'hardware/peracotta-smartctl-sata03.json',
      { model: 'WDC WD5000AAKS-00UU3A0', sizeBytes: 500107862016, kind: 'hdd', health: 'failing', healthReasons: ['reallocated:1', 'pending:67'], powerOnHours: 20520 },
    ],
    ['hardware/peracotta-smartctl-test11.txt', { model: 'Force MP510', serial: '1246751637284348D', sizeBytes: 960197124096, kind: 'nvme', health: 'ok', healthReasons: [], powerOnHours: 7150 }],
  ])('smartctl alone: %s', async (file, expected) => {
    const tag = await laptop();
    const r = await report(tag, { smartctl: sample(file) });
    expect(r.status, r.text).toBe(201);
    expect(r.json.specs.disks).toHaveLength(1);
    expect(r.json.specs.disks[0]).toMatchObject(expected);
  });

  it('the ASUS desktop from dmidecode -t baseboard, -t chassis and lscpu: placeholders are unknown, the CPU is 32-bit', async () => {
    const { devices } = await donate(t, coordinator, 'FOL', [{ type: 'desktop' }]);
    const r = await report(devices[0]!.tag, {
      dmidecode: [sample('hardware/peracotta-77/baseboard.txt'), sample('hardware/peracotta-77/chassis.txt')],
      lscpu: sample('hardware/peracotta-77/lscpu.txt'),
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json.specs).toMatchObject({
      // "Chassis Manufacture", "Chassis Serial Number" and "To Be Filled By O.E.M." are placeholders.
      manufacturer: 'ASUSTeK Computer INC.',
      model: 'P5SD2-VM',
      serial: null,
      chassis: 'desktop',
      cpu: { model: 'Intel(R) Celeron(R) CPU 2.80GHz', cores: 1, threads: 1, is64bit: false },
    });
    expect(await specsRow(devices[0]!.tag)).toMatchObject({ cpu_64bit: 0, has_ssd: null, disk_count: null, ram_mb: null });
  });
});

describe('defensive parsing', () => {
  it('placeholders in SMBIOS mean unknown', async () => {
    const dmi = sample(DELL.dmidecode)
      .replace('Manufacturer: Dell Inc.\n\tProduct Name: Latitude E7240', 'Manufacturer: To Be Filled By O.E.M.\n\tProduct Name: Default string')
      .replace('Serial Number: 5CQ6VY1\n\tUUID', 'Serial Number: System Serial Number\n\tUUID');
    const r = await report(await laptop(), { dmidecode: dmi });
    expect(r.status, r.text).toBe(201);
    // The board's maker names the machine when the system entry is a placeholder; the serial stays unknown.
    expect(r.json.specs).toMatchObject({ manufacturer: 'Dell Inc.', model: '05PTPV', serial: null });
  });

  it('a disk smartctl could not open, and one with SMART disabled', async () => {
    const notOpened = {
      json_format_version: [1, 0],
      smartctl: { version: [7, 3], exit_status: 2, messages: [{ string: 'Smartctl open device: /dev/sdc failed: No such device', severity: 'error' }] },
      device: { name: '/dev/sdc', info_name: '/dev/sdc', type: 'sat', protocol: 'ATA' },
    };
    // The peracotta samples wrap their one disk in an array, as smartctl output collected by scripts often is.
    const [sata01] = sampleJson('hardware/peracotta-smartctl-sata01.json') as object[];
    const disabled = { ...sata01, smart_support: { available: true, enabled: false } };
    const r = await report(await laptop(), { smartctl: [notOpened, disabled] });
    expect(r.status, r.text).toBe(201);
    expect(r.json.specs.disks).toEqual([expect.objectContaining({ model: 'SAMSUNG HD161HJ', health: 'unknown', healthReasons: ['smart_disabled'] })]);
    expect(r.json.notes).toContain('/dev/sdc: Smartctl open device: /dev/sdc failed: No such device');
  });

  it('reads plain-text smartctl (smartmontools without -j)', async () => {
    const text = [
      'smartctl 6.6 2016-05-31 r4324 [x86_64-linux-4.19.0] (local build)',
      '=== START OF INFORMATION SECTION ===',
      'Device Model:     ST500LM021-1KJ152',
      'Serial Number:    W62DTX9Q',
      'User Capacity:    500,107,862,016 bytes [500 GB]',
      'Rotation Rate:    7200 rpm',
      'SMART support is: Available - device has SMART capability.',
      'SMART support is: Enabled',
      'SMART overall-health self-assessment test result: PASSED',
      'ID# ATTRIBUTE_NAME          FLAG     VALUE WORST THRESH TYPE      UPDATED  WHEN_FAILED RAW_VALUE',
      '  5 Reallocated_Sector_Ct   0x0033   100   100   036    Pre-fail  Always       -       0',
      '  9 Power_On_Hours          0x0032   060   060   000    Old_age   Always       -       35120',
      '197 Current_Pending_Sector  0x0012   100   100   000    Old_age   Always       -       0',
    ].join('\n');
    const r = await report(await laptop(), { smartctl: text });
    expect(r.status, r.text).toBe(201);
    expect(r.json.specs.disks).toEqual([
      { model: 'ST500LM021-1KJ152', serial: 'W62DTX9Q', sizeBytes: 500107862016, kind: 'hdd', health: 'aging', healthReasons: ['power_on_hours:35120'], powerOnHours: 35120 },
    ]);
  });

  const BROKEN: [string, () => unknown, RegExp][] = [
    ['lshw truncated in the middle', () => ({ lshw: sample(DELL.lshw).slice(0, 20000) }), /lshw: il JSON è troncato/],
    ['smartctl truncated', () => ({ smartctl: sample('hardware/peracotta-smartctl-sata03.json').slice(0, 5000) }), /smartctl: il JSON è troncato/],
    ['lshw broken in the middle', () => ({ lshw: sample(DELL.lshw).replace('"class" : "processor"', '"class" :: "processor"') }), /lshw: non è JSON valido \(errore al carattere \d+\)/],
    ['lshw as a number', () => ({ lshw: 42 }), /lshw/],
    ['lshw that is something else', () => ({ lshw: { hello: 'world' } }), /lshw: non sembra l’output di lshw/],
    ['smartctl that is prose', () => ({ smartctl: 'hello, this is not a disk' }), /smartctl: non sembra l’output di smartctl/],
    ['dmidecode that is JSON', () => ({ dmidecode: { a: 1 } }), /dmidecode: formato non previsto/],
    ['dmidecode that is prose', () => ({ dmidecode: 'nothing here' }), /dmidecode: non sembra/],
    ['an empty report', () => ({}), /Il rapporto è vuoto/],
    ['a report of empty strings', () => ({ lshw: '', smartctl: '  ' }), /Il rapporto è vuoto/],
    ['a battery that is a number', () => ({ battery: 7 }), /battery/],
    ['a battery that is a list of numbers', () => ({ battery: [1, 2] }), /battery: formato non previsto/],
    ['an EDID that is not one', () => ({ display: 'ab'.repeat(200) }), /display: non sembra/],
  ];
  it.each(BROKEN)('%s → 422 with the reason, nothing stored', async (_name, body, message) => {
    const tag = await laptop();
    const before = [await t.count('hardware_reports'), await t.count('device_specs')];
    const r = await report(tag, body());
    expect(r.status, r.text).toBe(422);
    expect(r.json.error).toMatch(message);
    expect([await t.count('hardware_reports'), await t.count('device_specs')]).toEqual(before);
  });

  it('a body cut short in transit → 422 saying it is truncated; in English on request', async () => {
    const tag = await laptop();
    const body = JSON.stringify({ lshw: sampleJson(DELL.lshw) }).slice(0, 3000);
    const r = await t.api('POST', `/api/v1/devices/${tag}/hardware-reports`, volunteer, body, { 'accept-language': 'en' });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(/report: the JSON is truncated/);
  });
});

describe('recording reports', () => {
  it('keeps the raw upload with the device, byte for byte', async () => {
    const tag = await laptop();
    const body = JSON.stringify({ uuid: 'raw-kept-00000001', smartctl: sample('hardware/peracotta-smartctl-test11.txt') });
    const r = await t.api('POST', `/api/v1/devices/${tag}/hardware-reports`, volunteer, body);
    expect(r.status).toBe(201);
    const raw = await t.api('GET', `/api/v1/devices/${tag}/hardware-reports/${r.json.id}/raw`, volunteer);
    expect(raw.status).toBe(200);
    expect(raw.text).toBe(body);
  });

  it('a repeated uuid is recognised and not stored twice; on another device it is refused', async () => {
    const tag = await laptop();
    const body = { uuid: '5b0c7d1e-2f55-4c1a-9e53-1d2c3b4a5f60', smartctl: sample('hardware/peracotta-smartctl-sata01.json') };
    const first = await report(tag, body);
    const before = await t.count('hardware_reports');
    const again = await report(tag, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.id).toBe(first.json.id);
    expect(await t.count('hardware_reports')).toBe(before);
    const elsewhere = await report(await laptop(), body);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json.error).toMatch(/già stato registrato per un altro dispositivo/);
  });

  it('a report whose serial contradicts the device’s is kept for review, not applied; a coordinator decides', async () => {
    const tag = await laptop({ serial: 'CN-0X7YZ' });
    const r = await report(tag, { lshw: sampleJson(DELL.lshw) });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ status: 'review', flagged: true, flag: { reportSerial: '5CQ6VY1', knownSerial: 'CN-0X7YZ', source: 'device' } });
    expect(await specsRow(tag)).toBeUndefined();
    const page = await t.page(`/d/${tag}`, (await t.person('coordinator', 'FOL')).cookie);
    expect(page.html).toContain('Rapporto da verificare');
    expect(page.html).toContain('5CQ6VY1');

    const byVolunteer = await t.api('POST', `/api/v1/devices/${tag}/hardware-reports/${r.json.id}/review`, volunteer, { decision: 'accept' });
    expect(byVolunteer.status).toBe(403);
    const accepted = await t.api('POST', `/api/v1/devices/${tag}/hardware-reports/${r.json.id}/review`, coordinator, { decision: 'accept' });
    expect(accepted.status, accepted.text).toBe(200);
    expect(await specsRow(tag)).toMatchObject({ serial: '5CQ6VY1', ram_mb: 16384 });
    const twice = await t.api('POST', `/api/v1/devices/${tag}/hardware-reports/${r.json.id}/review`, coordinator, { decision: 'reject' });
    expect(twice.status).toBe(409);
  });

  it('a later report from another machine (no serial recorded at intake) is flagged against the earlier one', async () => {
    const tag = await laptop();
    expect((await report(tag, { dmidecode: sample(DELL.dmidecode) })).json.status).toBe('applied');
    const other = sample(DELL.dmidecode).replace('Serial Number: 5CQ6VY1\n\tUUID', 'Serial Number: 9ZZ9ZZ9\n\tUUID');
    const r = await report(tag, { dmidecode: other });
    expect(r.json).toMatchObject({ status: 'review', flag: { reportSerial: '9ZZ9ZZ9', knownSerial: '5CQ6VY1', source: 'previousReport' } });
    expect((await specsRow(tag))?.serial).toBe('5CQ6VY1');
  });

  it('only the hub’s workshop may send reports', async () => {
    const tag = await laptop();
    for (const [role, hub, status] of [
      ['volunteer', 'PER', 403],
      ['region', undefined, 403],
      ['partner', undefined, 403],
    ] as const) {
      const r = await report(tag, { lscpu: sample('hardware/peracotta-77/lscpu.txt') }, await t.token(role, hub));
      expect(r.status, role).toBe(status);
    }
    expect((await report(tag, { lscpu: 'x' }, 'rg_nope')).status).toBe(401);
  });
});

describe('specs on the device page and in the device list', () => {
  it('shows the specs on the device page', async () => {
    const tag = await laptop();
    await report(tag, { lshw: sampleJson(DELL.lshw), smartctl: sampleJson(DELL.smartctl), dmidecode: sample(DELL.dmidecode) });
    const page = await t.page(`/d/${tag}`, (await t.person('volunteer', 'FOL')).cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz');
    expect(page.html).toContain('16 GB');
    expect(page.html).toContain('TW0XXM305508539G1361');
    expect(page.html).toContain('S33HNX0J203755R');
    expect(page.html).toContain('in buona salute');
  });

  it('filters "laptops with at least 4 GB RAM and an SSD"', async () => {
    const hub = 'TER';
    const token = await t.token('coordinator', hub);
    const { devices } = await donate(t, token, hub, [{ type: 'laptop' }, { type: 'laptop' }, { type: 'desktop' }, { type: 'laptop' }]);
    const [dell, hddLaptop, desktop, unknown] = devices.map((d) => d.tag) as [string, string, string, string];
    await report(dell, { lshw: sampleJson(DELL.lshw), smartctl: sampleJson(DELL.smartctl) }, token);
    // 2 GB and a spinning disk.
    const small = sample(DELL.dmidecode)
      .replace(/Size: 8 GB/, 'Size: 2 GB')
      .replace(/(Memory Device\n(?:\t.*\n)*?\tSize: )8 GB/, '$1No Module Installed');
    await report(hddLaptop, { dmidecode: small, smartctl: sample('hardware/peracotta-smartctl-sata01.json') }, token);
    await report(desktop, { lshw: sampleJson(DELL.lshw), smartctl: sampleJson(DELL.smartctl) }, token);
    const list = await t.api('GET', '/api/v1/devices?type=laptop&minRam=4&ssd=1', token);
    expect(list.status).toBe(200);
    expect(list.json.items.map((d: { tag: string }) => d.tag)).toEqual([dell]);
    const noSsd = await t.api('GET', '/api/v1/devices?ssd=false', token);
    expect(noSsd.json.items.map((d: { tag: string }) => d.tag)).toEqual([hddLaptop]);
    const all64 = await t.api('GET', '/api/v1/devices?cpu64=1&minStorage=500', token);
    expect(all64.json.items.map((d: { tag: string }) => d.tag).sort()).toEqual([dell, desktop].sort());
    expect(all64.json.items.map((d: { tag: string }) => d.tag)).not.toContain(unknown);
    const page = await t.page('/devices?type=laptop&minRam=4&ssd=1', (await t.person('coordinator', hub)).cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain(dell);
    expect(page.html).not.toContain(hddLaptop);
    expect(page.html).toContain('RAM minima (GB)');
  });
});
