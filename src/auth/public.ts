/**
 * What other features use of auth: they import it from here, never from its repository, routes or api
 * (the layer rule in eslint.config.js). Names are added by scripts/codemods/public-modules.ts.
 */
export { deleteUserSessions, revokeTokensCreatedBy } from './repository';
