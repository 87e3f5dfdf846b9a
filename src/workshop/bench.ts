/**
 * Everything the device page shows and offers for the bench: specs and hardware reports, the
 * erasure status of each disk, the checklist, the image catalogue and the parts stock.
 */
import { check, type Actor } from '../access/policy';
import type { AppContext } from '../context';
import type { DeviceWithHub } from '../devices/public';
import type { ErasureRecord } from '../erasure/public';
import { erasureOverview } from '../erasure/service';
import { deviceHardware, type SpecsRow } from '../hardware/service';
import type { DeviceAction, GuardFacts } from '../lifecycle/lifecycle';
import { mayFitPart, mayRecordErasure } from '../lifecycle/next-step';
import { toLifecycle } from '../devices/actions';
import { checklistFor, type ChecklistItem } from './checklists';
import * as repo from './repository';

export type BenchData = {
  hardware: Awaited<ReturnType<typeof deviceHardware>>;
  erasure: Awaited<ReturnType<typeof erasureOverview>>;
  checklist: ChecklistItem[];
  images: { id: number; name: string; version: string }[];
  stock: Awaited<ReturnType<typeof repo.listAvailableParts>>;
  fitted: Awaited<ReturnType<typeof repo.partsFittedInto>>;
  harvested: Awaited<ReturnType<typeof repo.partsHarvestedFrom>>;
  can: { review: boolean; erasureReview: boolean; erase: boolean; fit: boolean; certificate: boolean; report: boolean };
};

/**
 * `offered`: the actions the page offers; the checklist and the image catalogue fill the diagnose and
 * install forms only, and are not read for a page without them.
 * `read`: what the device's page has already read (the erasure guard's facts, the specifications row, the erasure records).
 */
export async function loadBench(
  ctx: AppContext,
  actor: Actor | null,
  device: DeviceWithHub,
  offered: readonly DeviceAction[],
  read: { facts?: GuardFacts; specs?: SpecsRow | null; erasures?: ErasureRecord[] } = {},
): Promise<BenchData> {
  const { facts } = read;
  const scope = { hubId: device.hub_id };
  const canFit = check(actor, 'part.fit', scope).ok && mayFitPart(device, 'other');
  const hardware = await deviceHardware(ctx.db, device.id, read.specs);
  const [erasure, checklist, images, stock, fitted, harvested] = await Promise.all([
    erasureOverview(ctx.db, device, { facts, disks: hardware.specs?.disks ?? [], records: read.erasures }),
    offered.includes('diagnose') ? checklistFor(ctx.db, device.hub_id, device.type) : Promise.resolve([]),
    offered.includes('install') ? repo.listImages(ctx.db) : Promise.resolve([]),
    canFit ? repo.listAvailableParts(ctx.db, device.hub_id) : Promise.resolve([]),
    repo.partsFittedInto(ctx.db, device.id),
    repo.partsHarvestedFrom(ctx.db, device.id),
  ]);
  return {
    hardware,
    erasure,
    checklist,
    images: images.filter((i) => !i.outdated).map((i) => ({ id: i.id, name: i.name, version: i.version })),
    stock,
    fitted,
    harvested,
    can: {
      review: check(actor, 'hardware.review', scope).ok,
      erasureReview: check(actor, 'erasure.review', scope).ok,
      report: check(actor, 'hardware.report', scope).ok,
      // The lifecycle answers (whatever the diagnosis, disks may be destroyed or removed).
      erase: check(actor, 'device.erase', scope).ok && mayRecordErasure(toLifecycle(device), facts ?? { erasures: [] }),
      fit: canFit,
      certificate: erasure.erased && device.has_storage !== 0 && erasure.records.some((r) => r.cycle === device.cycle),
    },
  };
}
