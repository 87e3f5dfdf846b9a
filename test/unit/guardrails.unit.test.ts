import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The project's own ESLint config, asked about code placed at a given path: the house rules must hold
// where they apply and stay quiet where they do not.
const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root, overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });

async function rulesHit(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.map((m) => m.ruleId ?? m.message).filter((r) => r.startsWith('rigenera/'));
}

describe('the feature layer rule', () => {
  it("refuses a feature reaching into another feature's repository, routes or api", async () => {
    expect(await rulesHit('src/devices/example.ts', "import { findHubByCode } from '../hubs/repository';\nfindHubByCode;\n")).toEqual(['rigenera/feature-layers']);
    expect(await rulesHit('src/erasure/example.ts', "import { renderDevice } from '../devices/routes';\nrenderDevice;\n")).toEqual(['rigenera/feature-layers']);
    expect(await rulesHit('src/workshop/sub/example.ts', "import * as repo from '../../devices/repository';\nrepo;\n")).toEqual(['rigenera/feature-layers']);
    expect(await rulesHit('src/imports/example.ts', "export { listHubs } from '../hubs/repository';\n")).toEqual(['rigenera/feature-layers']);
    expect(await rulesHit('src/imports/example.ts', "export async function f() { return import('../hubs/repository'); }\n")).toEqual(['rigenera/feature-layers']);
    expect(await rulesHit('views/devices/example.tsx', "import type { DeviceRow } from '../../src/devices/repository';\nexport type X = DeviceRow;\n")).toEqual(['rigenera/feature-layers']);
  });

  it('lets a feature use its own modules, the kernel and public modules; tests and scripts are free', async () => {
    const fine = [
      ['src/devices/example.ts', "import { findDevice } from './repository';\nfindDevice;\n"],
      ['src/devices/example.ts', "import { findHubByCode } from '../hubs/public';\nfindHubByCode;\n"],
      ['src/devices/example.ts', "import { withIdempotency } from '../shared/write/idempotency';\nwithIdempotency;\n"],
      ['src/devices/example.ts', "import { openDatabase } from '../db/adapter';\nopenDatabase;\n"],
      ['src/devices/example.ts', "import { decide } from '../lifecycle/lifecycle';\ndecide;\n"],
      ['src/app.ts', "import { deviceRoutes } from './devices/routes';\ndeviceRoutes;\n"],
      ['test/example.test.ts', "import { findHubByCode } from '../src/hubs/repository';\nfindHubByCode;\n"],
      ['scripts/example.ts', "import { findHubByCode } from '../src/hubs/repository';\nfindHubByCode;\n"],
    ];
    for (const [path, code] of fine) expect(await rulesHit(path!, code!), path).toEqual([]);
  });
});

describe('roles compared only in src/access/', () => {
  it('refuses every form of comparing a role with a role name elsewhere', async () => {
    const caught = [
      "export const f = (actor: { role: string }) => actor.role === 'admin';\n",
      "export const f = (role: string) => 'admin' === role;\n",
      "export const f = (role: string) => role !== 'partner';\n",
      "export const f = (actor?: { role: string }) => actor?.role == 'volunteer';\n",
      "export const f = (actor: { role: string }) => ['admin', 'region'].includes(actor.role);\n",
      "export const f = (actor: { role: string }) => new Set(['coordinator']).has(actor.role);\n",
      'export const f = (userRole: string) => userRole === `region`;\n',
      "export function f(actor: { role: string }) { switch (actor.role) { case 'admin': return 1; default: return 0; } }\n",
    ];
    for (const code of caught) expect(await rulesHit('src/devices/example.ts', code), code).toEqual(['rigenera/role-checks-in-access']);
    expect(await rulesHit('views/layout-example.tsx', "export const f = (actor: { role: string }) => actor.role !== 'partner';\n")).toEqual(['rigenera/role-checks-in-access']);
  });

  it('leaves the access policy, non-role strings and other properties alone', async () => {
    expect(await rulesHit('src/access/example.ts', "export const f = (actor: { role: string }) => actor.role === 'admin';\n")).toEqual([]);
    expect(await rulesHit('src/devices/example.ts', "export const f = (el: { role: string }) => el.role === 'button';\n")).toEqual([]);
    expect(await rulesHit('src/devices/example.ts', "export const f = (d: { state: string }) => d.state === 'admin';\n")).toEqual([]);
    expect(await rulesHit('test/example.test.ts', "export const f = (actor: { role: string }) => actor.role === 'admin';\n")).toEqual([]);
  });
});
