/**
 * Impact estimates for delivered devices, computed when read (so any factor set and displacement can
 * be applied, and a frozen report names its own). The Restart Project's method: waste prevented is
 * the weighed kg, else the class's average weight; CO2e avoided is the class's embodied CO2e ×
 * displacement (for the per-kg class, kg × its factor × displacement).
 */
import { DEVICE_CLASSES, PER_KG_CLASS } from './classes';

export const DEFAULT_FACTOR_SET = 'restart_2021';
export const DEFAULT_DISPLACEMENT = 0.5;
/** The band shown beside the central figure: displacement is the most uncertain part of the estimate. */
export const DISPLACEMENT_BAND = [0.3, 0.7] as const;

export type Factor = { device_class: string; source_category: string; weight_kg: number; embodied_kgco2e: number; source: string; licence: string };
export type FactorSet = { name: string; factors: Record<string, Factor> };

/** Delivered devices of one class: how many, how many were weighed, and their weight in grams. */
export type ClassCount = { cls: string; n: number; wn: number; g: number };

export type ClassImpact = { cls: string; devices: number; wasteKg: number; co2eKg: number; missingFactor: boolean };

export type Impact = {
  factorSet: string;
  displacement: number;
  band: readonly [number, number];
  wasteKg: number;
  co2eKg: number;
  co2eLowKg: number;
  co2eHighKg: number;
  byClass: ClassImpact[];
  /** Sources and licences of the factors used. */
  sources: string[];
  licences: string[];
};

export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Waste prevented, and CO2e avoided at displacement 1 (the embodied CO2e of what was reused). */
function classImpact(c: ClassCount, f: Factor | undefined) {
  if (!f) return { waste: c.g / 1000, embodied: 0, missing: true };
  const waste = c.g / 1000 + (c.n - c.wn) * f.weight_kg;
  const embodied = c.cls === PER_KG_CLASS ? waste * f.embodied_kgco2e : c.n * f.embodied_kgco2e;
  return { waste, embodied, missing: false };
}

export function computeImpact(counts: ClassCount[], set: FactorSet, displacement: number): Impact {
  const byClass: ClassImpact[] = [];
  let waste = 0;
  let embodied = 0;
  const used = new Set<Factor>();
  for (const cls of DEVICE_CLASSES) {
    const c = counts.find((x) => x.cls === cls);
    if (!c || c.n === 0) continue;
    const f = set.factors[cls];
    if (f) used.add(f);
    const r = classImpact(c, f);
    waste += r.waste;
    embodied += r.embodied;
    byClass.push({ cls, devices: c.n, wasteKg: round2(r.waste), co2eKg: round2(r.embodied * displacement), missingFactor: r.missing });
  }
  return {
    factorSet: set.name,
    displacement,
    band: DISPLACEMENT_BAND,
    wasteKg: round2(waste),
    co2eKg: round2(embodied * displacement),
    co2eLowKg: round2(embodied * DISPLACEMENT_BAND[0]),
    co2eHighKg: round2(embodied * DISPLACEMENT_BAND[1]),
    byClass,
    sources: [...new Set([...used].map((f) => f.source))],
    licences: [...new Set([...used].map((f) => f.licence))],
  };
}
