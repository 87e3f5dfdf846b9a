import { codeLabel, hasKey, translators } from '../../src/i18n/catalogue';
import type { ChecklistResult, DiskErasure } from '../../src/lifecycle/lifecycle';
import { itemLabel } from '../../src/workshop/checklists';
import { eventFields } from '../event-data';
import { keptPerLocale } from '../kept-text';
import type { View } from '../view';

/** What bench events add to the history: the checklist's answers, each disk's outcome, parts kept or fitted. */
export function BenchEventDetails({ v, data }: { v: View; data: string | null }) {
  if (!data) return null;
  const lines = benchLines(v.locale, data);
  return lines.length ? (
    <div>
      {lines.map((l) => (
        <div>{l}</div>
      ))}
    </div>
  ) : null;
}

/** The lines, made only from the event's data (kept: see kept-text.ts). */
const benchLines = keptPerLocale((locale, data): readonly string[] => {
  const d = eventFields(data);
  const t = translators[locale];
  const lines: string[] = [];
  if (Array.isArray(d.checklist)) {
    const results = d.checklist as ChecklistResult[];
    lines.push(results.map((r) => `${itemLabel({ key: r.item, label: r.label }, locale)}: ${t(`checklist.result.${r.result}` as never)}`).join(' · '));
  }
  if (Array.isArray(d.disks)) {
    for (const k of d.disks as DiskErasure[]) {
      const outcome = codeLabel(locale, 'erasure', k.outcome);
      lines.push([k.model, k.serial, outcome, k.status && k.status !== 'Erased' ? k.status : null].filter(Boolean).join(' · '));
    }
  }
  if (Array.isArray(d.parts)) {
    lines.push((d.parts as { kind: string; count: number }[]).map((p) => `${t(`part.${p.kind}` as never)} × ${p.count}`).join(', '));
  }
  if (typeof d.kind === 'string' && typeof d.quantity === 'number' && hasKey(`part.${d.kind}`)) {
    lines.push([`${t(`part.${d.kind}` as never)} × ${d.quantity}`, d.description, d.serial, d.from ? `${t('parts.from')} ${d.from}` : null].filter(Boolean).join(' · '));
  }
  return Object.freeze(lines);
});
