export const DEVICE_TYPES = ['laptop', 'desktop', 'all_in_one', 'monitor', 'tablet', 'smartphone', 'printer', 'peripheral', 'other'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** Types that normally hold storage; the answer is confirmed at diagnosis. */
export const USUALLY_HAS_STORAGE: readonly DeviceType[] = ['laptop', 'desktop', 'all_in_one', 'tablet', 'smartphone'];
