import type { Actor } from '../access/policy';
import { oneHub } from '../access/scopes';
import type { AppContext, Clock } from '../context';
import type { DeviceType } from '../devices/device-types';
import type { ActionInput } from '../devices/schema';
import { applyDeviceAction } from '../devices/actions';
import { registerDonation } from '../donations/service';
import { recordManualErasure } from '../erasure/service';
import { seedDemoEquipment } from '../equipment/demo';
import type { DonorKind } from '../donations/tables';
import { findHubByCode } from '../hubs/public';
import type { DeviceState } from '../lifecycle/lifecycle';
import { listPartners } from '../partners/public';
import { createPartner } from '../partners/service';
import { demoTaxCode, seedDemoIdentity } from '../programme/demo';
import { changeRequest, createRequest } from '../requests/service';
import { findUserByEmail, insertUser } from '../users/public';

type Item = { type: DeviceType; brand: string; model: string; weightKg?: number; hasStorage: boolean };

const CATALOGUE: Item[] = [
  { type: 'laptop', brand: 'Dell', model: 'Latitude E7240', weightKg: 1.5, hasStorage: true },
  { type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T440', weightKg: 1.9, hasStorage: true },
  { type: 'laptop', brand: 'HP', model: 'EliteBook 840 G2', hasStorage: true },
  { type: 'desktop', brand: 'HP', model: 'ProDesk 600 G1 SFF', weightKg: 5.8, hasStorage: true },
  { type: 'desktop', brand: 'Dell', model: 'OptiPlex 7010', hasStorage: true },
  { type: 'all_in_one', brand: 'Lenovo', model: 'ThinkCentre M93z', hasStorage: true },
  { type: 'monitor', brand: 'Dell', model: 'P2214H', weightKg: 3.4, hasStorage: false },
  { type: 'monitor', brand: 'Samsung', model: 'S22F350', hasStorage: false },
  { type: 'tablet', brand: 'Samsung', model: 'Galaxy Tab A 10.1', hasStorage: true },
  { type: 'printer', brand: 'Brother', model: 'HL-L2350DW', hasStorage: false },
];

const DONORS: { kind: DonorKind; name: string }[] = [
  { kind: 'company', name: 'Studio Tecnico Demo Srl' },
  { kind: 'public_body', name: 'Comune (demo)' },
  { kind: 'citizen', name: 'Cittadino/a demo' },
  { kind: 'school', name: 'Istituto Comprensivo (demo)' },
];

/** The steps that bring a device from intake to each state. */
function stepsTo(target: DeviceState, item: Item, requestId: number): ActionInput[] {
  const diagnose = (outcome: 'refurbish' | 'parts' | 'recycle'): ActionInput => ({ action: 'diagnose', outcome, hasStorage: item.hasStorage });
  const refurbish: ActionInput[] = [
    diagnose('refurbish'),
    ...(item.hasStorage
      ? ([
          { action: 'erase', method: 'Fill With Zeros', verified: true, tool: 'nwipe 0.34' },
          { action: 'install', os: 'Linux Mint 22 Xfce' },
        ] as ActionInput[])
      : []),
    { action: 'ready' },
  ];
  const deliver: ActionInput[] = [...refurbish, { action: 'reserve', request: requestId }, { action: 'deliver', title: 'donation' }];
  switch (target) {
    case 'received':
      return [];
    case 'diagnosed':
      return [diagnose('refurbish')];
    case 'wiped':
      return item.hasStorage ? refurbish.slice(0, 2) : [diagnose('refurbish')];
    case 'installed':
      return item.hasStorage ? refurbish.slice(0, 3) : [diagnose('refurbish')];
    case 'ready':
      return refurbish;
    case 'reserved':
      return deliver.slice(0, -1);
    case 'delivered':
      return deliver;
    case 'returned':
      return [...deliver, { action: 'return', reason: 'Non più necessario (demo)' }];
    case 'harvested':
      return [diagnose('parts'), { action: 'harvest' }];
    case 'recycled':
      // The removal of the disk (recorded through the erasure records) happens between these two steps.
      return [diagnose('recycle'), { action: 'recycle', kg: item.weightKg ?? 4 }];
    case 'in_transit':
      return [];
  }
}

const TARGETS: DeviceState[] = ['received', 'diagnosed', 'wiped', 'installed', 'ready', 'reserved', 'delivered', 'returned', 'harvested', 'recycled'];

/**
 * Fills a hub with devices in every state, each walked there through the real services, with
 * histories spread over the past months, so a newcomer sees a living app.
 */
export async function seedDemo(ctx: AppContext, opts: { hub: string; devices: number }): Promise<{ devices: number; hub: string }> {
  const hub = await findHubByCode(ctx.db, opts.hub);
  if (!hub) throw new Error(`Unknown hub ${opts.hub}`);
  await seedDemoIdentity(ctx);
  const volunteer = await demoVolunteer(ctx, hub.id, hub.code);
  const requestId = await demoRequest(ctx, volunteer.coordinator, hub.code);
  const start = ctx.clock.now().getTime() - 120 * 86400_000;
  let t = start;
  const clock: Clock = { now: () => new Date(t) };
  const demo: AppContext = { ...ctx, clock };
  const perDonation = 6;
  let made = 0;
  for (let d = 0; made < opts.devices; d++) {
    const count = Math.min(perDonation, opts.devices - made);
    const items = Array.from({ length: count }, (_, i) => CATALOGUE[(made + i) % CATALOGUE.length]!);
    const donor = DONORS[d % DONORS.length]!;
    const donation = await registerDonation(demo, volunteer.coordinator, {
      hub: hub.code,
      donor: { kind: donor.kind, name: donor.name },
      devices: items.map((it, i) => ({ ...it, serial: `DEMO${hub.code}${String(made + i).padStart(5, '0')}`, hasStorage: undefined })),
    });
    for (const [i, device] of donation.devices.entries()) {
      const target = TARGETS[(made + i) % TARGETS.length]!;
      for (const step of stepsTo(target, items[i]!, requestId)) {
        t += 3 * 3600_000;
        // Erasure records count at once only when a coordinator makes them (erasure/review.ts).
        const actor = ['reserve', 'deliver', 'return', 'erase'].includes(step.action) ? volunteer.coordinator : volunteer.volunteer;
        if (step.action === 'recycle' && items[i]!.hasStorage) {
          // Nothing readable goes to RAEE: the disk comes out and is destroyed first.
          await recordManualErasure(demo, volunteer.coordinator, device.tag, {
            kind: 'removal',
            keep: 'destroyed',
            how: 'foratura del piatto (demo)',
            performedBy: volunteer.volunteer.name,
            disks: [{ serial: `DEMO-HDD-${device.tag}` }],
          });
        }
        await applyDeviceAction(demo, actor, device.tag, step);
      }
    }
    made += count;
    t += 2 * 86400_000;
  }
  // The hub's own equipment too: most of the minimum kit, laptops on loan (one overdue), a check due.
  await seedDemoEquipment(ctx, volunteer.coordinator, hub.code);
  return { devices: made, hub: hub.code };
}

async function demoVolunteer(ctx: AppContext, hubId: number, code: string): Promise<{ volunteer: Actor; coordinator: Actor }> {
  const ensure = async (email: string, name: string, role: 'volunteer' | 'coordinator'): Promise<Actor> => {
    const existing = await findUserByEmail(ctx.db, email);
    const id = existing?.id ?? (await insertUser(ctx.db, { email, name, passwordHash: null, role, hubId, createdBy: null, at: ctx.clock.now().toISOString() }));
    return { kind: 'user', id, role, hubId, partnerId: null, name };
  };
  return {
    volunteer: await ensure(`volontario.demo.${code.toLowerCase()}@example.invalid`, `Volontario demo ${code}`, 'volunteer'),
    coordinator: await ensure(`coordinatore.demo.${code.toLowerCase()}@example.invalid`, `Coordinatore demo ${code}`, 'coordinator'),
  };
}

/** A partner of the hub with an approved request large enough for every demo device that gets reserved. */
async function demoRequest(ctx: AppContext, coordinator: Actor, hubCode: string): Promise<number> {
  const name = 'Associazione di quartiere (demo)';
  const existing = (await listPartners(ctx.db, { scope: oneHub(coordinator.hubId!) })).find((p) => p.name === name);
  const partnerId =
    existing?.id ??
    (
      await createPartner(ctx, coordinator, {
        kind: 'association',
        name,
        code: demoTaxCode(1000 + coordinator.hubId!),
        taxCode: undefined,
        address: 'Via del Quartiere 5',
        representative: 'Giulia Neri (demo)',
        municipality: 'Demo',
        openDataConsent: false,
        hub: hubCode,
      })
    ).id;
  const { id } = await createRequest(ctx, coordinator, {
    partner: partnerId,
    items: (['laptop', 'desktop', 'all_in_one', 'monitor', 'tablet', 'printer'] as const).map((type) => ({ type, quantity: 500 })),
    purpose: 'Postazioni per il doposcuola e prestiti alle famiglie (demo)',
    beneficiaries: { count: 120, description: 'ragazzi del quartiere (demo)' },
  });
  await changeRequest(ctx, coordinator, id, 'approve', undefined);
  return id;
}
