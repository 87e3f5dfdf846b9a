/**
 * The layer rule's two lists, in one place: eslint.config.js enforces them and
 * scripts/codemods/public-modules.ts makes the public modules that satisfy them.
 *
 * The kernel: folders of src/ every feature may import from.
 * - shared: write kernel, validators, hub time, CSV/XLSX/ZIP helpers;
 * - db: the adapter (all dialect-specific SQL), schema, migrations;
 * - access: roles and the policy (who may do what, list scopes);
 * - lifecycle: the state rule table;
 * - i18n: the message catalogue;
 * - http: middleware, body limits, rendering, errors.
 * Top-level modules (src/context.ts, config.ts, paths.ts, and the composition roots app.ts, server.ts,
 * cli.ts, boot.ts) are in no feature folder: kernel too.
 *
 * Every other folder of src/ is a feature. Another feature reaches it through its public modules or any
 * of its other modules, never through these private ones. What other features use of a repository or api
 * is re-exported by src/<feature>/public.ts; page renderers they embed, from routes, by public-pages.ts:
 * two modules, so that importing a feature's data never loads its pages (that closes import cycles).
 */
export const KERNEL = ['shared', 'db', 'access', 'lifecycle', 'i18n', 'http'];
export const PRIVATE = ['repository', 'routes', 'api'];
/** For each private module, the public module that re-exports what other features use of it. */
export const PUBLIC_MODULE = { repository: 'public', api: 'public', routes: 'public-pages' };
