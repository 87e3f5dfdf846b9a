// Bundles the server and the CLI into dist/ so that `npm start` boots plain JavaScript:
// no TypeScript compiler on the start-up path keeps the cold start close to a bare Hono server.
import { build } from 'esbuild';

await build({
  entryPoints: { server: 'src/server.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  sourcemap: true,
  logLevel: 'warning',
});
