/**
 * Demo equipment for `seed:demo`: most of the minimum kit (the mirroring system missing, one
 * workstation under repair), laptops out on loan (one overdue), a printer whose check is due and
 * whose warranty ends soon, all through the real services, so the hub's page has something to show.
 */
import type { Actor } from '../access/policy';
import type { AppContext, Clock } from '../context';
import type { AssetInput } from './schema';
import { applyAssetAction, registerAsset } from './service';
import { addDays, hubDay } from '../shared/hub-time';

export async function seedDemoEquipment(ctx: AppContext, coordinator: Actor, hubCode: string): Promise<number> {
  const now = ctx.clock.now().getTime();
  let t = now - 5 * 86400_000;
  const clock: Clock = { now: () => new Date(t) };
  const demo: AppContext = { ...ctx, clock };
  const today = hubDay(new Date(now).toISOString());
  const base = { hub: hubCode, purchasedOn: '2022-11-15', fundingSource: 'POR FESR 2014-2020 Az. 2.2.1', supplier: 'Fornitore demo Srl', invoiceRef: 'FT 1/2022 (demo)' };
  const add = async (n: number, input: Omit<AssetInput, 'hub'>) => {
    const tags: string[] = [];
    for (let i = 0; i < n; i++) tags.push((await registerAsset(demo, coordinator, { ...base, ...input, serial: input.serial ? `${input.serial}${i + 1}` : undefined })).tag);
    return tags;
  };
  const workstations = await add(14, {
    assetCategory: 'workstation',
    make: 'Lenovo',
    model: 'ThinkCentre M70q',
    serial: 'DEMO-WS-',
    cost: 64900,
    location: 'Area polifunzionale',
    features: ['free_os'],
  });
  const laptops = await add(5, { assetCategory: 'laptop', make: 'Dell', model: 'Latitude 3540', serial: 'DEMO-LT-', cost: 71240, location: 'Armadio portatili', features: ['free_os'] });
  await add(1, { assetCategory: 'interactive_display', make: 'Epson', model: 'EB-725Wi', cost: 189000, location: 'Aula formazione', features: ['room_audio'] });
  await add(1, { assetCategory: 'videoconference', make: 'Yealink', model: 'MeetingBar A20', cost: 149000, location: 'Aula formazione', features: ['h323_sip'] });
  await add(1, {
    assetCategory: 'printer',
    make: 'Brother',
    model: 'MFC-L8900CDW',
    cost: 79900,
    location: 'Ingresso',
    features: ['multifunction'],
    warrantyEnd: addDays(today, 40),
    nextCheckOn: addDays(today, -3),
  });
  await add(1, { assetCategory: 'network', make: 'Ubiquiti', model: 'U6 Lite', cost: 12900, location: 'Soffitto', features: ['wifi'] });

  const act = (tag: string, input: Parameters<typeof applyAssetAction>[3]) => applyAssetAction(demo, coordinator, tag, input);
  await act(workstations[0]!, { action: 'repair', reason: 'Alimentatore guasto (demo)', repairer: 'Assistenza demo' });
  // Lent three days ago for a day: overdue now.
  t = now - 3 * 86400_000;
  await act(laptops[0]!, { action: 'lend', borrowerKind: 'coworker', borrowerName: 'Demo C.', borrowerDocument: 'id_card', due: new Date(now - 2 * 86400_000).toISOString() });
  // Lent this morning to a trainer, due tonight.
  t = now - 3600_000;
  await act(laptops[1]!, { action: 'lend', borrowerKind: 'trainer', borrowerName: 'Formatrice demo', due: new Date(now + 6 * 3600_000).toISOString() });
  return 24;
}
