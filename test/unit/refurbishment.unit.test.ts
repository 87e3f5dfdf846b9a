import { describe, expect, it } from 'vitest';
import { normaliseCode, shortSerial } from '../../src/erasure/certificates';
import { outcomeOf } from '../../src/erasure/nwipe';
import { nistCategoryOf } from '../../src/erasure/records';
import { parseBattery } from '../../src/hardware/battery';
import { clean, serialKey } from '../../src/hardware/clean';
import { screenInchesFromEdid } from '../../src/hardware/edid';
import { rateDisk, type SmartData } from '../../src/hardware/health';
import { jsonDocuments } from '../../src/hardware/input';
import { parseLscpu } from '../../src/hardware/lscpu';
import { mainSpecsOf, tidyCpu } from '../../src/hardware/main-specs';
import { chassisKind } from '../../src/hardware/normalise';
import { decide, erasureStatus, type DiskErasure, type LifecycleDevice } from '../../src/lifecycle/lifecycle';
import { itemsFromLines } from '../../src/workshop/checklists';

const device = (over: Partial<LifecycleDevice> = {}): LifecycleDevice => ({
  state: 'diagnosed',
  hubId: 1,
  hasStorage: true,
  outcome: 'refurbish',
  cycle: 1,
  os: null,
  recipient: null,
  deliveryDocument: null,
  requestId: null,
  deliveryId: null,
  transferId: null,
  transitFromHubId: null,
  transitState: null,
  ...over,
});
const disk = (serial: string, outcome: DiskErasure['outcome']): DiskErasure => ({ serial, outcome });
const erase = (disks: DiskErasure[]) => ({ method: 'Fill With Zeros', verified: true, disks });

describe('the erase event with one record per disk', () => {
  const facts = { erasures: [], knownDiskSerials: ['A', 'B'] };
  it('moves to wiped only when every known disk is erased, destroyed or removed', () => {
    expect(decide(device(), 'erase', erase([disk('A', 'erased'), disk('B', 'erased')]), facts)).toEqual({ ok: true, to: 'wiped' });
    expect(decide(device(), 'erase', erase([disk('A', 'erased')]), facts)).toEqual({ ok: true, to: 'diagnosed' });
    expect(decide(device(), 'erase', erase([disk('A', 'erased'), disk('B', 'destroyed')]), facts)).toEqual({ ok: true, to: 'wiped' });
    for (const bad of ['failed', 'aborted', 'unfinished', 'unverified'] as const) {
      expect(decide(device(), 'erase', erase([disk('A', 'erased'), disk('B', bad)]), facts), bad).toEqual({ ok: true, to: 'diagnosed' });
    }
  });

  it('a wiped device whose newest record fails goes back to diagnosed', () => {
    const wiped = {
      erasures: [
        { outcome: 'erased' as const, cycle: 1, diskSerial: 'A' },
        { outcome: 'erased' as const, cycle: 1, diskSerial: 'B' },
      ],
      knownDiskSerials: ['A', 'B'],
    };
    expect(erasureStatus(device({ state: 'wiped' }), wiped).satisfied).toBe(true);
    expect(decide(device({ state: 'wiped' }), 'erase', erase([disk('B', 'aborted')]), wiped)).toEqual({ ok: true, to: 'diagnosed' });
  });

  it('destroying or removing disks is allowed on a device kept for parts, and leaves its state', () => {
    const parts = device({ outcome: 'parts' });
    expect(decide(parts, 'erase', erase([disk('A', 'destroyed'), disk('B', 'removed')]), facts)).toEqual({ ok: true, to: 'diagnosed' });
    expect(decide(parts, 'erase', erase([disk('A', 'erased')]), facts)).toMatchObject({ ok: false, refusal: { key: 'lifecycle.guard.notForRefurbish' } });
  });

  it('records of an earlier cycle never count', () => {
    const old = { erasures: [{ outcome: 'erased' as const, cycle: 1, diskSerial: 'A' }], knownDiskSerials: ['A'] };
    expect(erasureStatus(device({ cycle: 2 }), old)).toEqual({ satisfied: false, missingDisks: ['A'] });
  });
});

describe('nwipe outcomes', () => {
  it.each([
    [{ status: 'Erased', errors: { pass: 0, verification: 0, sync: 0 }, verification: 'last pass' }, 'erased'],
    [{ status: 'Erased', errors: { pass: 0, verification: 1, sync: 0 }, verification: 'last pass' }, 'failed'],
    [{ status: 'FAILED', errors: null, verification: 'last pass' }, 'failed'],
    [{ status: 'UABORTED', errors: null, verification: 'all passes' }, 'aborted'],
    [{ status: 'Erased', errors: null, verification: 'off' }, 'unverified'],
    [{ status: 'INSANITY', errors: null, verification: 'last pass' }, 'unfinished'],
    [{ status: 'unfinished', errors: null, verification: null }, 'unfinished'],
  ])('%j → %s', (d, expected) => expect(outcomeOf(d)).toBe(expected));

  it('names NIST SP 800-88 categories only for methods it knows', () => {
    expect(nistCategoryOf('Fill With Zeros')).toBe('clear');
    expect(nistCategoryOf('PRNG Stream')).toBe('clear');
    expect(nistCategoryOf('DoD 5220.22-M')).toBe('clear');
    expect(nistCategoryOf('ATA Enhanced Secure Erase')).toBe('purge');
    expect(nistCategoryOf('NVMe Sanitize (crypto erase)')).toBe('purge');
    expect(nistCategoryOf('shredding')).toBe('destroy');
    expect(nistCategoryOf('formatted in Windows')).toBeNull();
    expect(nistCategoryOf('phone')).toBeNull();
  });
});

describe('reading tools defensively', () => {
  it('placeholders are unknown', () => {
    for (const p of [
      'To Be Filled By O.E.M.',
      'To be filled by O.E.M.',
      'Not Specified',
      'Default string',
      'System Serial Number',
      'Chassis Manufacture',
      '0123456789ABCDEF',
      '00000000',
      'FFFFFFFF',
      '  ',
      'None',
      'Fill By OEM',
    ]) {
      expect(clean(p), p).toBeNull();
    }
    expect(clean('  Dell   Inc. ')).toBe('Dell Inc.');
    expect(clean('5CQ6VY1')).toBe('5CQ6VY1');
    expect(serialKey('wd-wxc1a14s2591 ')).toBe('WDWXC1A14S2591');
  });

  it('JSON documents: one, several, truncated, broken', () => {
    expect(jsonDocuments('lshw', '{"a":1}')).toEqual([{ a: 1 }]);
    expect(jsonDocuments('smartctl', '{"a":1}\n{"b":"}"}\n')).toEqual([{ a: 1 }, { b: '}' }]);
    expect(jsonDocuments('lshw', '{"a":1},{"b":2}')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(() => jsonDocuments('lshw', '{"a":[1,2')).toThrow('hardware.invalid.truncated');
    expect(() => jsonDocuments('lshw', 'nope')).toThrow('hardware.invalid.notJson');
  });

  it('battery health from energy or charge counters, several batteries summed, a mouse left out', () => {
    expect(parseBattery('POWER_SUPPLY_NAME=BAT0\nPOWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_ENERGY_FULL_DESIGN=50000000\nPOWER_SUPPLY_ENERGY_FULL=40000000\n')).toEqual({
      designWh: 50,
      fullWh: 40,
      healthPercent: 80,
    });
    const charge = 'POWER_SUPPLY_NAME=BAT1\nPOWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_CHARGE_FULL_DESIGN=4400000\nPOWER_SUPPLY_CHARGE_FULL=2200000\nPOWER_SUPPLY_VOLTAGE_MIN_DESIGN=11100000\n';
    expect(parseBattery(charge)).toEqual({ designWh: 48.8, fullWh: 24.4, healthPercent: 50 });
    const mouse = 'POWER_SUPPLY_NAME=hidpp_battery_0\nPOWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_SCOPE=Device\nPOWER_SUPPLY_ENERGY_FULL_DESIGN=1000000\nPOWER_SUPPLY_ENERGY_FULL=100000\n';
    const two =
      'POWER_SUPPLY_NAME=BAT0\nPOWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_ENERGY_FULL_DESIGN=24000000\nPOWER_SUPPLY_ENERGY_FULL=24000000\n\nPOWER_SUPPLY_NAME=BAT1\nPOWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_ENERGY_FULL_DESIGN=24000000\nPOWER_SUPPLY_ENERGY_FULL=12000000\n';
    expect(parseBattery(two + '\n' + mouse)).toEqual({ designWh: 48, fullWh: 36, healthPercent: 75 });
    expect(parseBattery([{ designWh: 40, fullWh: 90 }])?.healthPercent).toBeNull();
  });

  it('screen size from an EDID', () => {
    const edid = Buffer.alloc(128);
    Buffer.from('00ffffffffffff00', 'hex').copy(edid);
    edid[21] = 34;
    edid[22] = 19;
    expect(screenInchesFromEdid(edid.toString('hex'))).toBe(15.3);
    edid[54] = 1;
    edid[66] = 344 & 0xff;
    edid[67] = 193;
    edid[68] = (344 >> 8) << 4;
    expect(screenInchesFromEdid(edid.toString('hex'))).toBe(15.5);
  });

  it('lscpu: 32-bit only, or 64-bit with cores and threads', () => {
    expect(
      parseLscpu('Architecture: x86_64\nCPU op-mode(s): 32-bit, 64-bit\nCPU(s): 8\nThread(s) per core: 2\nCore(s) per socket: 4\nSocket(s): 1\nModel name: Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz\n'),
    ).toEqual({
      model: 'Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz',
      cores: 4,
      threads: 8,
      is64bit: true,
    });
  });

  it('chassis words', () => {
    expect(['Notebook', 'Laptop', 'Convertible', 'Tower', 'Mini Tower', 'All in One', 'Rack Mount Chassis', 'Other'].map(chassisKind)).toEqual([
      'laptop',
      'laptop',
      'laptop',
      'desktop',
      'desktop',
      'all_in_one',
      'server',
      'other',
    ]);
  });
});

describe('disk health', () => {
  const smart = (over: Partial<SmartData>): SmartData => ({ readable: true, passed: true, attributes: [], nvme: null, powerOnHours: 1000, ...over });
  const attr = (id: number, name: string, raw: number, whenFailed = '') => ({ id, name, value: 100, thresh: 10, whenFailed, raw });
  it.each([
    ['healthy', smart({}), 'ok'],
    ['SMART says FAILED', smart({ passed: false }), 'failing'],
    ['an attribute failing now', smart({ attributes: [attr(3, 'Spin_Up_Time', 0, 'now')] }), 'failing'],
    ['one reallocated sector', smart({ attributes: [attr(5, 'Reallocated_Sector_Ct', 1)] }), 'suspect'],
    ['99 reallocated', smart({ attributes: [attr(5, 'Reallocated_Sector_Ct', 99)] }), 'suspect'],
    ['100 reallocated', smart({ attributes: [attr(5, 'Reallocated_Sector_Ct', 100)] }), 'failing'],
    ['9 pending', smart({ attributes: [attr(197, 'Current_Pending_Sector', 9)] }), 'suspect'],
    ['10 offline uncorrectable', smart({ attributes: [attr(198, 'Offline_Uncorrectable', 10)] }), 'failing'],
    ['a command timeout', smart({ attributes: [attr(188, 'Command_Timeout', 1)] }), 'suspect'],
    ['old', smart({ powerOnHours: 30000 }), 'aging'],
    ['an NVMe critical warning', smart({ nvme: { criticalWarning: 4, availableSpare: 100, spareThreshold: 10, percentageUsed: 5, mediaErrors: 0 } }), 'failing'],
    ['an NVMe at 85 % of its endurance', smart({ nvme: { criticalWarning: 0, availableSpare: 100, spareThreshold: 10, percentageUsed: 85, mediaErrors: 0 } }), 'aging'],
    ['an NVMe with media errors', smart({ nvme: { criticalWarning: 0, availableSpare: 100, spareThreshold: 10, percentageUsed: 5, mediaErrors: 2 } }), 'suspect'],
    ['SMART disabled', smart({ readable: false, unreadableReason: 'smart_disabled' }), 'unknown'],
  ])('%s → %s', (_name, data, expected) => expect(rateDisk(data, 'hdd').health).toBe(expected));

  it('an SSD whose wear indicator is down to 15 is aging', () => {
    expect(rateDisk(smart({ attributes: [{ id: 177, name: 'Wear_Leveling_Count', value: 15, thresh: 0, whenFailed: '', raw: 3000 }] }), 'ssd')).toEqual({ health: 'aging', reasons: ['ssd_wear:15'] });
  });
});

describe('small pieces', () => {
  it('checklist lines keep built-in keys in either language and make the rest items of their own', () => {
    expect(itemsFromLines('Si accende\nscreen\nLettore DVD\n\nLettore DVD')).toEqual([
      { key: 'powers_on' },
      { key: 'screen' },
      { key: 'x-lettore-dvd', label: 'Lettore DVD' },
      { key: 'x-lettore-dvd-2', label: 'Lettore DVD' },
    ]);
  });

  it('verification codes are read as people type them', () => {
    expect(normaliseCode('rg-4zp3-3smw-4p66')).toBe('RG-4ZP3-3SMW-4P66');
    expect(normaliseCode('RG 4ZP3 3SMW 4P66')).toBe('RG-4ZP3-3SMW-4P66');
    expect(normaliseCode('4ZP33SMW4P66')).toBe('RG-4ZP3-3SMW-4P66');
    expect(normaliseCode('RG-4ZP3-3SMW')).toBeNull();
    expect(shortSerial('WD-WXC1A14S2591')).toBe('…2591');
  });

  it('main specs leave serials and MACs out', () => {
    const m = mainSpecsOf({
      manufacturer: 'Dell Inc.',
      model: 'Latitude E7240',
      serial: '5CQ6VY1',
      chassis: 'laptop',
      cpu: { model: 'Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz', cores: 2, threads: 4, is64bit: true },
      ram: { totalBytes: 17179869184, modules: [] },
      disks: [{ model: 'Samsung SSD 850', serial: 'S33HNX0J203755R', sizeBytes: 500107862016, kind: 'ssd', health: 'ok', healthReasons: [], powerOnHours: 17703 }],
      macs: ['f0:1f:af:55:7e:18'],
      battery: null,
      screenInches: 12.5,
    });
    expect(m).toEqual({ cpu: 'Intel Core i7-4600U @ 2.10GHz', is64bit: true, ramGb: 16, storage: [{ sizeGb: 500, kind: 'ssd' }], screenInches: 12.5, batteryHealthPercent: null });
    expect(JSON.stringify(m)).not.toMatch(/5CQ6VY1|S33HNX0J203755R|f0:1f/);
    expect(tidyCpu('AMD Athlon(tm) II X2 250 Processor')).toBe('AMD Athlon II X2 250 Processor');
  });
});
