import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The layer rule's codemod, run as the lead runs it, on a small tree of its own.
const project = join(import.meta.dirname, '..', '..');
const tree = mkdtempSync(join(tmpdir(), 'rigenera-codemod-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', isolatedModules: true, noEmit: true, types: [] }, include: ['src'] }),
  'src/hubs/repository.ts': 'export type Hub = { id: number };\nexport function findHub(): Hub {\n  return { id: 1 };\n}\nexport const other = 1;\nexport const unused = 2;\n',
  'src/hubs/time.ts': "export const hubZone = 'Europe/Rome';\n",
  'src/hubs/public.ts': "/** Hubs, for other features. */\nexport { hubZone } from './time';\n",
  'src/devices/routes.ts': "export function renderDevice() {\n  return 'page';\n}\n",
  'src/devices/service.ts': [
    "import { findHub, type Hub } from '../hubs/repository';",
    "import * as hubsRepo from '../hubs/repository';",
    'export const f = (): Hub => findHub();',
    'export const g = () => hubsRepo.other;',
    '',
  ].join('\n'),
  'src/erasure/page.ts': "import { renderDevice as render } from '../devices/routes';\nimport { findHub } from '../hubs/repository';\nexport const h = () => [render(), findHub()];\n",
  'src/hubs/service.ts': "import { findHub } from './repository';\nexport const own = findHub;\n",
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

const run = () => execFileSync(join(project, 'node_modules/.bin/tsx'), [join(project, 'scripts/codemods/public-modules.ts'), tree], { encoding: 'utf8' });
const read = (path: string) => readFileSync(join(tree, path), 'utf8');

describe('the public-modules codemod', () => {
  it('sends other features through public modules that re-export exactly what they use, and the tree still type-checks', () => {
    expect(run()).toContain('4 imports in 2 files');
    const hubs = read('src/hubs/public.ts');
    expect(hubs).toContain("/** Hubs, for other features. */\nexport { hubZone } from './time';");
    expect(hubs).toContain("export { findHub, type Hub, other } from './repository';");
    expect(hubs).not.toContain('unused');
    expect(read('src/devices/public-pages.ts')).toContain("export { renderDevice } from './routes';");
    expect(read('src/devices/service.ts')).toBe(files['src/devices/service.ts']!.replaceAll("'../hubs/repository'", "'../hubs/public'"));
    expect(read('src/erasure/page.ts')).toContain("import { renderDevice as render } from '../devices/public-pages';");
    expect(read('src/hubs/service.ts')).toBe(files['src/hubs/service.ts']); // its own repository: untouched
    execFileSync(join(project, 'node_modules/.bin/tsc'), ['-p', tree], { encoding: 'utf8' });
  }, 60_000);

  it('changes nothing when run again', () => {
    const before = Object.keys(files).map(read);
    const publics = [read('src/hubs/public.ts'), read('src/devices/public-pages.ts')];
    expect(run()).toContain('0 imports in 0 files');
    expect(Object.keys(files).map(read)).toEqual(before);
    expect([read('src/hubs/public.ts'), read('src/devices/public-pages.ts')]).toEqual(publics);
  }, 60_000);
});
