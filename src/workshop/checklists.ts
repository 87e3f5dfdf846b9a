/**
 * Diagnostic checklists: what to try on each type of device, answered pass, fail or not present.
 * Each hub starts from the built-in list and its coordinators may change it. The answers travel
 * with the diagnose event, with each item's label as it was asked, so history stays readable.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DeviceType } from '../devices/device-types';
import { hasKey, translate, LOCALES } from '../i18n/catalogue';
import type { ChecklistResult } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { findChecklist } from './repository';

export type ChecklistItem = { key: string; label?: string };

const BUILT_IN: Record<DeviceType, string[]> = {
  laptop: ['powers_on', 'screen', 'keyboard', 'touchpad', 'ports', 'battery', 'wifi', 'webcam', 'audio'],
  desktop: ['powers_on', 'ports', 'ethernet', 'wifi', 'audio'],
  all_in_one: ['powers_on', 'screen', 'keyboard', 'ports', 'ethernet', 'wifi', 'webcam', 'audio'],
  monitor: ['powers_on', 'screen', 'ports'],
  tablet: ['powers_on', 'screen', 'touchscreen', 'battery', 'charging', 'wifi', 'webcam', 'audio'],
  smartphone: ['powers_on', 'screen', 'touchscreen', 'battery', 'charging', 'wifi', 'webcam', 'audio'],
  printer: ['powers_on', 'prints', 'ports'],
  peripheral: ['powers_on', 'works'],
  other: ['powers_on', 'works'],
};

export const BUILT_IN_KEYS = [...new Set(Object.values(BUILT_IN).flat())];

export function builtInChecklist(type: DeviceType): ChecklistItem[] {
  return BUILT_IN[type].map((key) => ({ key }));
}

export async function checklistFor(db: Kysely<Database> | Transaction<Database>, hubId: number, type: DeviceType): Promise<ChecklistItem[]> {
  const row = await findChecklist(db, hubId, type);
  if (!row) return builtInChecklist(type);
  try {
    return JSON.parse(row.items) as ChecklistItem[];
  } catch {
    return builtInChecklist(type);
  }
}

export function itemLabel(item: ChecklistItem, locale: (typeof LOCALES)[number]): string {
  const key = `checklist.item.${item.key}`;
  return item.label ?? (hasKey(key) ? translate(locale, key) : item.key);
}

/**
 * The coordinator's lines back into items: a line that reads as a built-in item (in either language)
 * keeps its key, so it stays translated; any other line is an item of its own.
 */
export function itemsFromLines(text: string): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+/g, ' ').trim().slice(0, 80);
    if (!line) continue;
    const builtIn = BUILT_IN_KEYS.find((k) => LOCALES.some((l) => itemLabel({ key: k }, l).toLowerCase() === line.toLowerCase()));
    let key = builtIn ?? `x-${slug(line)}`;
    while (seen.has(key)) key = `${key}-2`.slice(0, 40);
    seen.add(key);
    items.push(builtIn ? { key } : { key, label: line });
  }
  if (items.length > 40) throw new AppError(422, 'workshop.checklist.tooLong', { max: 40 });
  return items;
}

function slug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30) || 'item'
  );
}

/** The answers as the event records them, in the checklist's order, each with its label. */
export async function resolveChecklist(
  db: Kysely<Database> | Transaction<Database>,
  device: { hub_id: number; type: DeviceType },
  given: Record<string, 'pass' | 'fail' | 'absent'> | undefined,
  /** "Everything works": every item not answered otherwise passes. */
  allPass = false,
): Promise<ChecklistResult[] | undefined> {
  if (!allPass && (!given || Object.keys(given).length === 0)) return undefined;
  const items = await checklistFor(db, device.hub_id, device.type);
  const answers: Record<string, 'pass' | 'fail' | 'absent'> = { ...(allPass ? Object.fromEntries(items.map((i) => [i.key, 'pass' as const])) : {}), ...given };
  const unknown = Object.keys(answers).filter((k) => !items.some((i) => i.key === k));
  if (unknown.length) throw new AppError(422, 'workshop.checklist.unknownItem', { items: unknown.join(', ') });
  return items.filter((i) => answers[i.key]).map((i) => ({ item: i.key, ...(i.label ? { label: i.label } : {}), result: answers[i.key]! }));
}
