/**
 * What other features use of hubs: they import it from here, never from its repository, routes or api
 * (the layer rule in eslint.config.js). Names are added by scripts/codemods/public-modules.ts.
 */
export { findHubByCode, findHubById, type Hub, listHubOptions, listHubs, listHubsWithIstat, pingDatabase, updateHubIdentity } from './repository';
