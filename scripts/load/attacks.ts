/**
 * The red team's availability attacks, replayed while the volunteers work (issue 14): an anonymous
 * login form of thousands of sparse keys, an XLSX zip bomb, a 10 MB CSV of blank lines, and an import
 * of rows with large quantities (with a weight cell built to make a backtracking expression crawl).
 * Each attacker repeats its request until the time is up; every answer is recorded. Each attack must
 * be refused (or, for the import, capped) after bounded work, and the volunteers must not notice.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../src/context';
import type { Database } from '../../src/db/schema';
import { startSession } from '../../src/auth/service';
import { insertUser } from '../../src/users/repository';
import { xlsxBomb } from '../../test/support/zip';
import { CSRF, networkCause, type Fetch } from './simulate';

export type Attacker = { coordinatorCookie: string; anonymousCookie: string };

export type AttackKind = 'loginBomb' | 'zipBomb' | 'blankCsv' | 'quantityImport';
export type AttackRun = {
  /** Answers per attack: status → count. */
  statuses: Record<AttackKind, Record<string, number>>;
  /** Imports started by the quantity attack, and what each one registered. */
  imports: { id: number; status: string; created: number; skipped: number }[];
  networkErrors: number;
};

/** A coordinator's session (the uploads need one) and an anonymous visitor's CSRF cookie. */
export async function prepareAttacks(ctx: AppContext, opts: { hub: string; cookiePrefix?: string }): Promise<Attacker> {
  const prefix = opts.cookiePrefix ?? 'rg_';
  const hub = await ctx.db.selectFrom('hubs').select('id').where('code', '=', opts.hub).executeTakeFirstOrThrow();
  const id = await insertUser(ctx.db, {
    email: `attacker-${Date.now()}@load.invalid`,
    name: 'Attacker',
    passwordHash: null,
    role: 'coordinator',
    hubId: hub.id,
    createdBy: null,
    at: ctx.clock.now().toISOString(),
  });
  return { coordinatorCookie: `${prefix}session=${await startSession(ctx, id)}; ${prefix}csrf=${CSRF}`, anonymousCookie: `${prefix}csrf=${CSRF}` };
}

/** The login body that froze the server for 15 s: keys like k0.<i>.b.5000. */
function loginBomb(fields: number): string {
  const parts = [`_csrf=${CSRF}`, 'email=a%40b.it', 'password=x'];
  for (let i = 0; i < fields; i++) parts.push(`k${i % 7}.${i}.b.5000=1`);
  return parts.join('&');
}

/** A multipart body of the CSRF field and one file, as a browser sends the upload form. */
function multipart(name: string, file: Uint8Array): { type: string; bytes: Uint8Array } {
  const boundary = `----rigenera-load-${name.replace(/\W/g, '')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${CSRF}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const enc = new TextEncoder();
  const [h, t] = [enc.encode(head), enc.encode(tail)];
  const bytes = new Uint8Array(h.length + file.length + t.length);
  bytes.set(h, 0);
  bytes.set(file, h.length);
  bytes.set(t, h.length + file.length);
  return { type: `multipart/form-data; boundary=${boundary}`, bytes };
}

function quantityFile(rows: number, quantity: number): string {
  // A weight made of a long run of blanks: `/\s*kg$/` took seconds on each such cell.
  const slowWeight = `1${' '.repeat(20_000)}x`;
  const lines = ['Tipo;Quantità;Donatore;Peso (kg)'];
  for (let i = 0; i < rows; i++) lines.push(`portatile;${quantity};Donatore ${Math.floor(i / 10)};${i % 50 === 0 ? slowWeight : '2,1'}`);
  return lines.join('\r\n') + '\r\n';
}

export async function runAttacks(
  fetchImpl: Fetch,
  base: string,
  attacker: Attacker,
  opts: { seconds: number; kinds?: AttackKind[]; loginFields?: number; zipInflatesToMb?: number; blankCsvMb?: number; importRows?: number; importQuantity?: number; maxImports?: number },
): Promise<AttackRun> {
  const deadline = performance.now() + opts.seconds * 1000;
  const run: AttackRun = { statuses: { loginBomb: {}, zipBomb: {}, blankCsv: {}, quantityImport: {} }, imports: [], networkErrors: 0 };
  const record = (kind: AttackKind, status: number | string) => (run.statuses[kind][status] = (run.statuses[kind][status] ?? 0) + 1);

  const send = async (kind: AttackKind, path: string, init: RequestInit) => {
    try {
      const res = await fetchImpl(base + path, { ...init, redirect: 'manual' });
      const text = await res.text();
      record(kind, res.status);
      return { status: res.status, text, location: res.headers.get('location') };
    } catch (e) {
      run.networkErrors++;
      record(kind, `network: ${networkCause(e)}`);
      return { status: 0, text: '', location: null };
    }
  };
  // Each file is encoded once: the attackers share a core with the volunteers, whose latencies it would add to.
  const upload = (kind: AttackKind, body: { type: string; bytes: Uint8Array }) =>
    send(kind, '/imports', { method: 'POST', headers: { cookie: attacker.coordinatorCookie, 'content-type': body.type }, body: body.bytes as BodyInit });
  const form = (kind: AttackKind, path: string, fields: Record<string, string>) =>
    send(kind, path, {
      method: 'POST',
      headers: { cookie: attacker.coordinatorCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: CSRF, ...fields }).toString(),
    });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const login = loginBomb(opts.loginFields ?? 5000);
  const zip = multipart('inventario.xlsx', xlsxBomb({ inflatesToMb: opts.zipInflatesToMb ?? 2048, declaresMb: opts.zipInflatesToMb ?? 2048 }));
  const blank = multipart('vuoto.csv', new TextEncoder().encode('Tipo\n' + '\n'.repeat((opts.blankCsvMb ?? 10) * 1024 * 1024 - 64 * 1024)));
  const quantities = multipart('quantita.csv', new TextEncoder().encode(quantityFile(opts.importRows ?? 500, opts.importQuantity ?? 200)));

  const loop = async (kind: AttackKind, work: () => Promise<unknown>) => {
    if (opts.kinds && !opts.kinds.includes(kind)) return;
    while (performance.now() < deadline) {
      await work();
      // In-process, an answer can come back without any I/O: let timers and the volunteers have a turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const importOnce = async () => {
    if (run.imports.length >= (opts.maxImports ?? 1)) return pause(200);
    const up = await upload('quantityImport', quantities);
    const id = Number(/\/imports\/(\d+)$/.exec(up.location ?? '')?.[1]);
    if (!id) return pause(200);
    await form('quantityImport', `/imports/${id}/mapping`, { 'columns.0': 'type', 'columns.1': 'quantity', 'columns.2': 'donorName', 'columns.3': 'weightKg', donorKind: 'company' });
    await form('quantityImport', `/imports/${id}/start`, { confirm: '1' });
    const entry = { id, status: 'queued', created: 0, skipped: 0 };
    run.imports.push(entry);
    // Watch it as the page does, until it ends (or the time is up).
    while (performance.now() < deadline && (entry.status === 'queued' || entry.status === 'running')) {
      await pause(500);
      const p = await send('quantityImport', `/api/v1/imports/${id}`, { headers: { cookie: attacker.coordinatorCookie, accept: 'application/json' } });
      try {
        Object.assign(entry, JSON.parse(p.text) as Partial<typeof entry>);
      } catch {
        /* recorded by status */
      }
    }
  };

  await Promise.all([
    loop('loginBomb', () => send('loginBomb', '/login', { method: 'POST', headers: { cookie: attacker.anonymousCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: login })),
    loop('zipBomb', () => upload('zipBomb', zip)),
    loop('blankCsv', () => upload('blankCsv', blank)),
    loop('quantityImport', importOnce),
  ]);
  return run;
}

/**
 * The attack stops watching its import when its time is up, but the import goes on in the background.
 * Before the totals are recounted, it must have ended: a recount racing its writes finds figures that
 * were right a moment later. Waits at most `timeoutMs`.
 */
export async function importsEnded(db: Kysely<Database>, run: AttackRun, timeoutMs = 60_000): Promise<void> {
  const ids = run.imports.map((i) => i.id);
  const deadline = performance.now() + timeoutMs;
  while (ids.length && performance.now() < deadline) {
    const open = await db.selectFrom('imports').select('id').where('id', 'in', ids).where('status', 'in', ['queued', 'running']).execute();
    if (open.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What each attack must get: a refusal in 4xx for the bombs; for the import, pages and redirects only. */
export const EXPECTED: Record<AttackKind, number[]> = { loginBomb: [413], zipBomb: [413], blankCsv: [422], quantityImport: [200, 303] };

export function attacksHeld(run: AttackRun): { ok: boolean; detail: string } {
  const wrong = (Object.keys(EXPECTED) as AttackKind[]).flatMap((k) =>
    Object.entries(run.statuses[k])
      .filter(([s]) => !EXPECTED[k].includes(Number(s)))
      .map(([s, n]) => `${k} ${s}×${n}`),
  );
  const counts = (Object.keys(EXPECTED) as AttackKind[]).map((k) => `${k} ${Object.values(run.statuses[k]).reduce((a, b) => a + b, 0)}`).join(', ');
  const imports = run.imports.map((i) => `import ${i.id} ${i.status}: ${i.created} devices, ${i.skipped} rows skipped`).join('; ');
  return {
    ok: wrong.length === 0 && run.networkErrors === 0,
    detail: `${counts}${imports ? `; ${imports}` : ''}${wrong.length ? `; unexpected: ${wrong.join(', ')}` : ''}; ${run.networkErrors} network errors`,
  };
}
