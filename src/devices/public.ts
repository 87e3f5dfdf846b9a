/**
 * What other features use of devices: they import it from here, never from its repository, routes or api
 * (the layer rule in eslint.config.js). Names are added by scripts/codemods/public-modules.ts.
 */
export { type DeviceWithHub, findDeviceByTag, findDevicesByTags, insertDevices, insertEvent, insertEvents, insertTerms, latestSafeErasure, stockByState, updateDeviceIfVersion } from './repository';
