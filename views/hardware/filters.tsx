import type { ListQuery } from '../../src/devices/schema';
import { Field, Select } from '../components/forms';
import type { View } from '../view';

/** The device list's hardware filters: "laptops with at least 4 GB RAM and an SSD". */
export function SpecFilters({ v, query }: { v: View; query: ListQuery }) {
  const yesNoAny = (value: boolean | undefined) => (value === undefined ? '' : value ? '1' : '0');
  const choice = [
    { value: '', label: v.t('hardware.filter.any') },
    { value: '1', label: v.t('common.yes') },
    { value: '0', label: v.t('common.no') },
  ];
  return (
    <>
      <Field id="minRam" name="minRam" type="number" min="0" step="1" inputmode="numeric" label={v.t('hardware.filter.minRam')} value={query.minRam ?? ''} />
      <Field id="minStorage" name="minStorage" type="number" min="0" step="1" inputmode="numeric" label={v.t('hardware.filter.minStorage')} value={query.minStorage ?? ''} />
      <Select id="ssd" name="ssd" label={v.t('hardware.filter.ssd')} value={yesNoAny(query.ssd)} options={choice} />
      <Select id="cpu64" name="cpu64" label={v.t('hardware.filter.cpu64')} value={yesNoAny(query.cpu64)} options={choice} />
      {query.outdatedImage ? <input type="hidden" name="outdatedImage" value="1" /> : null}
    </>
  );
}

/** The filters carried into the next page's link. */
export function specParams(query: ListQuery): Record<string, string | undefined> {
  const flag = (b: boolean | undefined) => (b === undefined ? undefined : b ? '1' : '0');
  return {
    minRam: query.minRam?.toString(),
    minStorage: query.minStorage?.toString(),
    ssd: flag(query.ssd),
    cpu64: flag(query.cpu64),
    outdatedImage: query.outdatedImage ? '1' : undefined,
  };
}
