/**
 * What other features use of erasure: they import it from here, never from its repository, routes or api
 * (the layer rule in eslint.config.js). Names are added by scripts/codemods/public-modules.ts.
 */
export { goneDiskSerials, listErasureRecords, type ErasureRecord } from './repository';
