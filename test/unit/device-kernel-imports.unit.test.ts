import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The device-action kernel knows no feature: deliveries, the workshop, erasure, figures, transfers
 * and requests plug into it through devices/registry.ts. Its files may import only the shared
 * ground below (the lifecycle, access, the database, shared helpers) and each other.
 */
const KERNEL = ['src/devices/actions.ts', 'src/devices/registry.ts'];
const ALLOWED = [
  /^src\/devices\/(actions|registry|repository|schema|device-types|tables)$/,
  /^src\/lifecycle\//,
  /^src\/access\//,
  /^src\/db\//,
  /^src\/shared\//,
  /^src\/context$/,
  /^src\/tags\//,
  /^src\/i18n\//,
];

function importsOf(file: string): { path: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const out: { path: string; typeOnly: boolean }[] = [];
  // Import and re-export statements, over several lines: `import ... from '...'`, `export ... from '...'`.
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    out.push({ path: m[3]!, typeOnly: m[2] !== undefined });
  }
  for (const m of text.matchAll(/^import\s+'([^']+)';/gm)) out.push({ path: m[1]!, typeOnly: false });
  return out;
}

describe('the device-action kernel', () => {
  for (const file of KERNEL) {
    it(`${file} imports no feature`, () => {
      const imports = importsOf(file);
      expect(imports.length).toBeGreaterThan(0);
      for (const { path } of imports) {
        if (!path.startsWith('.')) continue;
        const target = relative('.', normalize(join(dirname(file), path))).replace(/\\/g, '/');
        expect(
          ALLOWED.some((a) => a.test(target)),
          `${file} imports ${target}`,
        ).toBe(true);
      }
    });
  }

  it('the import reader sees a feature import when there is one', () => {
    const text = "import { x } from '../workshop/service';";
    const m = [...text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)];
    expect(m[0]?.[3]).toBe('../workshop/service');
  });
});
