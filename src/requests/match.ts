/**
 * Does a device meet a request's minimum specifications? Pure. A device whose specs are not known
 * (no hardware report yet) neither fits nor fails: it is offered after the ones known to fit.
 */
export type MinSpecs = { minRamMb: number | null; minScreenInches: number | null; needsSsd: boolean };
export type KnownSpecs = { ram_mb: number | null; screen_inches: number | null; has_ssd: number | null } | undefined | null;

export type Fit = { fits: 'yes' } | { fits: 'unknown' } | { fits: 'no'; shortfalls: ('ram' | 'screen' | 'ssd')[] };

const WITH_SCREEN = ['laptop', 'all_in_one', 'tablet', 'smartphone', 'monitor'];

export function hasMinimums(m: MinSpecs): boolean {
  return m.minRamMb !== null || m.minScreenInches !== null || m.needsSsd;
}

export function fitSpecs(min: MinSpecs, specs: KnownSpecs, type: string): Fit {
  if (!hasMinimums(min)) return { fits: 'yes' };
  const shortfalls: ('ram' | 'screen' | 'ssd')[] = [];
  let unknown = false;
  const judge = (value: number | null | undefined, ok: (v: number) => boolean, name: 'ram' | 'screen' | 'ssd') => {
    if (value === null || value === undefined) unknown = true;
    else if (!ok(value)) shortfalls.push(name);
  };
  if (min.minRamMb !== null) judge(specs?.ram_mb, (v) => v >= min.minRamMb!, 'ram');
  // A desktop's screen is a separate monitor: a screen minimum applies to devices that have one.
  if (min.minScreenInches !== null && WITH_SCREEN.includes(type)) judge(specs?.screen_inches, (v) => v + 0.05 >= min.minScreenInches!, 'screen');
  if (min.needsSsd) judge(specs?.has_ssd, (v) => v === 1, 'ssd');
  if (shortfalls.length > 0) return { fits: 'no', shortfalls };
  return unknown ? { fits: 'unknown' } : { fits: 'yes' };
}
