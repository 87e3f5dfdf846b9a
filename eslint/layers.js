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
 * Every other folder of src/ is a feature. Another feature reaches it through its public module
 * (src/<feature>/public.ts) or any of its other modules, never through these private ones.
 */
export const KERNEL = ['shared', 'db', 'access', 'lifecycle', 'i18n', 'http'];
export const PRIVATE = ['repository', 'routes', 'api'];
export const PUBLIC_MODULE = 'public';
