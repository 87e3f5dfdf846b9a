/**
 * What other features use of donations: they import it from here, never from its repository, routes or api
 * (the layer rule in eslint.config.js). Names are added by scripts/codemods/public-modules.ts.
 */
export { addToDeviceCount, findDonation, findDonorByTaxCode, insertDonation, insertDonor, listDonationDevices } from './repository';
