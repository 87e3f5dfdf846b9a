import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Views take view models: what a page shows is a type its service (or `src/<feature>/view-model.ts`)
 * exports, never a repository's row type, so that how rows are read can change without touching pages.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Views still allowed a repository row: none. */
const NOT_YET: string[] = [];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

/** Every module a source names: `import … from`, `export … from`, `import('…')` and bare `import '…'`. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\bfrom\s*['"]([^'"\n]+)['"]|\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)|\bimport\s+['"]([^'"\n]+)['"]/g)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** The repository modules a view file imports, as paths from the project's root. */
function repositoryImports(file: string): string[] {
  return specifiers(readFileSync(join(ROOT, file), 'utf8'))
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\\/g, '/'))
    .filter((target) => /^src\/(.+\/)?repository(\.tsx?|\.js)?$/.test(target));
}

describe('views take view models', () => {
  it('finds the imports it looks for', () => {
    expect(specifiers(`import type { Hub } from '../../src/hubs/repository';\nexport { x } from "./a";\ntype T = import('../src/devices/repository').Row;\nimport './side';`)).toEqual([
      '../../src/hubs/repository',
      './a',
      '../src/devices/repository',
      './side',
    ]);
  });

  it('no view imports a repository module', () => {
    const files = sources('views');
    expect(files.length).toBeGreaterThan(40);
    const offenders = files.filter((f) => !NOT_YET.includes(f)).flatMap((f) => repositoryImports(f).map((target) => `${f} imports ${target}`));
    expect(offenders, 'a page takes the type its service exports (src/<feature>/view-model.ts), not a row').toEqual([]);
    const converted = NOT_YET.filter((f) => !files.includes(f) || repositoryImports(f).length === 0);
    if (converted.length > 0) console.log(`views-view-models: no longer needed in NOT_YET: ${converted.join(', ')}`);
  });
});
