/** What the device list shows about the devices behind a dashboard figure: how many, and of how many events. */
export type DevicesBehind = { devices: number; events: number | null; net: { out: number; back: number; total: number } | null };
