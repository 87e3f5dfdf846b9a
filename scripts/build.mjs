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
  // Pure-JavaScript dependencies go into the bundle: loading one file is far quicker than resolving
  // hundreds of ES modules at start. Kept outside: native code (better-sqlite3), optional native code
  // (pg), and packages that read their own data files or WebAssembly next to their code.
  // CommonJS packages in an ES module bundle still call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  external: ['better-sqlite3', 'pg', 'pdfkit', 'bwip-js', 'zxing-wasm', 'read-excel-file', 'write-excel-file'],
  jsx: 'automatic',
  jsxImportSource: '#jsx',
  sourcemap: true,
  logLevel: 'warning',
});
