/**
 * The minimum kit check, pure: for each item of the kit (data the administrator keeps) and each hub,
 * how many working assets match it against how many it needs, and how many matching ones are broken
 * (under repair) or lost. An asset matches an item by category and, when the item names one, a feature.
 */
import { WORKING_STATES, type AssetState } from './lifecycle';

export type KitItem = { id: number; position: number; label_it: string; label_en: string; category: string; feature: string | null; min_count: number };
export type KitAsset = { hub_id: number; category: string; features: string; state: AssetState | string };

export type KitCell = {
  itemId: number;
  need: number;
  /** In service or on loan. */
  working: number;
  underRepair: number;
  lost: number;
  /** Working assets short of the need (0 when the hub has enough). */
  missing: number;
  status: 'ok' | 'short' | 'none';
};

export function featuresOf(features: string): string[] {
  return features.split(',').filter(Boolean);
}

export function matches(item: Pick<KitItem, 'category' | 'feature'>, asset: Pick<KitAsset, 'category' | 'features'>): boolean {
  return asset.category === item.category && (item.feature === null || featuresOf(asset.features).includes(item.feature));
}

/** The kit table of one hub. */
export function kitTable(items: readonly KitItem[], assets: readonly KitAsset[]): KitCell[] {
  return items.map((item) => {
    let working = 0;
    let underRepair = 0;
    let lost = 0;
    for (const a of assets) {
      if (!matches(item, a)) continue;
      if (WORKING_STATES.includes(a.state as AssetState)) working++;
      else if (a.state === 'under_repair') underRepair++;
      else if (a.state === 'lost') lost++;
    }
    const missing = Math.max(0, item.min_count - working);
    return { itemId: item.id, need: item.min_count, working, underRepair, lost, missing, status: missing === 0 ? 'ok' : working === 0 ? 'none' : 'short' };
  });
}

/** The kit table of every hub, in the hubs' order. */
export function kitByHub<H extends { id: number }>(hubs: readonly H[], items: readonly KitItem[], assets: readonly KitAsset[]) {
  const byHub = new Map<number, KitAsset[]>();
  for (const a of assets) {
    const list = byHub.get(a.hub_id) ?? [];
    list.push(a);
    byHub.set(a.hub_id, list);
  }
  return hubs.map((hub) => {
    const cells = kitTable(items, byHub.get(hub.id) ?? []);
    return { hub, cells, complete: cells.every((c) => c.status === 'ok') };
  });
}
