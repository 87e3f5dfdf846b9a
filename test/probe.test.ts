/**
 * scripts/probe.sh for real: bash runs it with a PATH holding small stand-ins for lshw, smartctl and
 * dmidecode that print the real sample files (and no lscpu, to see a missing tool noted), a fake
 * sysfs with a battery and a laptop panel, and the real app listening on a loopback port.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../src/paths';
import { createTestContext, donate, type TestContext } from './support/context';
import { freePort } from './support/postgres-server';
import { DELL, SAMPLES } from './support/samples';
import { serveInProcess } from './support/server';

let t: TestContext;
let token: string;
let dir: string;
const PROBE = fromRoot('scripts', 'probe.sh');

/** The tools a Debian live system has, and nothing else: the probe must not depend on more. */
const SYSTEM_TOOLS = ['bash', 'sed', 'awk', 'tr', 'cat', 'grep', 'head', 'tail', 'mktemp', 'rm', 'mkdir', 'date', 'od', 'wc', 'sync', 'sleep', 'seq', 'basename', 'dirname', 'id', 'curl', 'sort'];

function stub(bin: string, name: string, script: string) {
  writeFileSync(join(bin, name), `#!/bin/bash\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
}

beforeAll(async () => {
  t = await createTestContext({ realClock: true });
  token = await t.token('volunteer', 'FOL', 'probe USB');
  dir = mkdtempSync(join(tmpdir(), 'rigenera-probe-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of SYSTEM_TOOLS) {
    const found = ['/usr/bin', '/bin'].map((d) => join(d, tool)).find((p) => readdirSync(p.replace(/\/[^/]+$/, '')).includes(tool));
    if (!found) throw new Error(`${tool} is needed to run this test`);
    symlinkSync(found, join(bin, tool));
  }
  // smartctl: one JSON document per disk, as `smartctl -j -a` prints it; sdc is the live USB stick.
  const disks = JSON.parse(readFileSync(join(SAMPLES, DELL.smartctl), 'utf8')) as object[];
  writeFileSync(join(dir, 'sda.json'), JSON.stringify(disks[0], null, 2));
  writeFileSync(join(dir, 'sdb.json'), JSON.stringify(disks[1], null, 2));
  stub(bin, 'lshw', `cat '${join(SAMPLES, DELL.lshw)}'`);
  stub(bin, 'dmidecode', `cat '${join(SAMPLES, DELL.dmidecode)}'`);
  stub(
    bin,
    'smartctl',
    [
      `if [ "$1" = --scan ]; then printf '/dev/sda -d sat # /dev/sda [SAT], ATA device\\n/dev/sdb -d sat # /dev/sdb [SAT], ATA device\\n/dev/sdc -d sat # /dev/sdc [SAT], ATA device\\n'; exit 0; fi`,
      `for a in "$@"; do dev=$a; done`,
      `case "$dev" in /dev/sda) cat '${join(dir, 'sda.json')}' ;; /dev/sdb) cat '${join(dir, 'sdb.json')}'; exit 4 ;; *) echo '{"smartctl":{"exit_status":2}}'; exit 2 ;; esac`,
    ].join('\n'),
  );
  // sysfs: a laptop battery at 72 % of its design capacity, the mains adapter, and a 12.5" eDP panel.
  const sys = join(dir, 'sys');
  const battery = join(sys, 'class', 'power_supply', 'BAT0');
  mkdirSync(battery, { recursive: true });
  for (const [f, v] of Object.entries({ type: 'Battery', energy_full_design: '48840000', energy_full: '35164800', cycle_count: '412', technology: 'Li-ion', model_name: 'DELL WD52H2B' }))
    writeFileSync(join(battery, f), `${v}\n`);
  mkdirSync(join(sys, 'class', 'power_supply', 'AC'), { recursive: true });
  writeFileSync(join(sys, 'class', 'power_supply', 'AC', 'type'), 'Mains\n');
  const edid = Buffer.alloc(128);
  Buffer.from('00ffffffffffff00', 'hex').copy(edid);
  edid[21] = 28;
  edid[22] = 16;
  edid[54] = 0x1d; // a pixel clock: the first descriptor is a timing descriptor
  edid[66] = 276 & 0xff;
  edid[67] = 155;
  edid[68] = ((276 >> 8) << 4) | (155 >> 8);
  mkdirSync(join(sys, 'class', 'drm', 'card0-eDP-1'), { recursive: true });
  writeFileSync(join(sys, 'class', 'drm', 'card0-eDP-1', 'edid'), edid);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const listen = (port = 0) => serveInProcess(t.app.fetch, port);
const close = (server: ServerType) => new Promise<void>((resolve) => server.close(() => resolve()));

function runProbe(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(dir, 'bin', 'bash'), [PROBE, ...args], {
      env: { PATH: join(dir, 'bin'), LANG: 'it_IT.UTF-8', RIGENERA_SYSFS: join(dir, 'sys'), RIGENERA_BOOT_DISKS: '/dev/sdc', RIGENERA_RETRY_DELAY: '1', ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(input);
  });
}

const specsOf = (tag: string) =>
  t.db.selectFrom('device_specs').innerJoin('devices', 'devices.id', 'device_specs.device_id').selectAll('device_specs').where('devices.tag', '=', tag).executeTakeFirst();

describe('scripts/probe.sh', () => {
  it('asks for the tag, collects everything, saves it, sends it, and prints the device page', async () => {
    const tag = (await donate(t, await t.token('coordinator', 'FOL'), 'FOL', [{ type: 'laptop', brand: 'Dell' }])).devices[0]!.tag;
    const { server, url } = await listen();
    const out = join(dir, 'out-1');
    try {
      // A USB scanner types the label's URL and presses Enter; a person might type it in lower case.
      const r = await runProbe([], { RIGENERA_URL: url, RIGENERA_TOKEN: token, RIGENERA_OUT: out }, `http://rigenera.test/d/${tag.toLowerCase()}\n`);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('Codice del dispositivo');
      expect(r.out).toMatch(/\[1\/7\] lshw[\s\S]*\[2\/7\] smartctl[\s\S]*\[7\/7\] invio/);
      expect(r.out).toContain("lscpu non c'è: lo fornisce il pacchetto util-linux");
      expect(r.out).toContain('/dev/sdc: è la chiavetta live, la salto.');
      // Progress through the disks, and the size of what is sent.
      expect(r.out).toContain('disco 1 di 3: /dev/sda');
      expect(r.out).toContain('disco 2 di 3: /dev/sdb');
      expect(r.out).toMatch(/Invio a http:\/\/127\.0\.0\.1:\d+ \(\d+ kB, tentativo 1 di \d+\)…/);
      expect(r.out).toContain(`Fatto: rapporto registrato per ${tag}.`);
      expect(r.out).toContain('Processore: Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz');
      expect(r.out).toContain('RAM: 16 GB');
      expect(r.out).toContain(`Scheda del dispositivo: http://rigenera.test/d/${tag}`);
    } finally {
      await close(server);
    }
    expect(await specsOf(tag)).toMatchObject({ serial: '5CQ6VY1', ram_mb: 16384, disk_count: 2, has_ssd: 1, storage_gb: 756, battery_health_pct: 72, screen_inches: 12.5, cpu_64bit: 1 });
    const stored = await t.db.selectFrom('hardware_reports').selectAll().where('uuid', 'is not', null).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.specs).disks.map((d: { serial: string }) => d.serial)).toEqual(['TW0XXM305508539G1361', 'S33HNX0J203755R']);
    expect(JSON.parse(stored.notes!)).toContain('missing tool: lscpu');
    // The file saved on the stick is what the server keeps.
    const [saved] = readdirSync(out);
    expect(saved).toMatch(new RegExp(`^${tag}_\\d{8}-\\d{6}\\.json$`));
    expect(readFileSync(join(out, saved!), 'utf8')).toBe(stored.raw);
    expect(JSON.parse(stored.raw).uuid).toBe(stored.uuid);
  });

  it('keeps retrying while the network is down, then sends; a saved report sent again is not stored twice', async () => {
    const tag = (await donate(t, await t.token('coordinator', 'FOL'), 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
    const port = await freePort();
    const out = join(dir, 'out-2');
    const running = runProbe([tag], { RIGENERA_URL: `http://127.0.0.1:${port}`, RIGENERA_TOKEN: token, RIGENERA_OUT: out, RIGENERA_RETRIES: '30' });
    await new Promise((r) => setTimeout(r, 2500));
    const { server } = await listen(port);
    try {
      const r = await running;
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('Rete non raggiungibile: riprovo fra 1 s');
      expect(r.out).toContain(`Fatto: rapporto registrato per ${tag}.`);
      const before = await t.count('hardware_reports');
      const [saved] = readdirSync(out);
      const again = await runProbe(['--send', join(out, saved!)], { RIGENERA_URL: `http://127.0.0.1:${port}`, RIGENERA_TOKEN: token });
      expect(again.code, again.out).toBe(0);
      expect(again.out).toContain(`Fatto: rapporto registrato per ${tag}.`);
      expect(await t.count('hardware_reports')).toBe(before);
    } finally {
      await close(server);
    }
  });

  it('stops at once, with the server’s reason, when the report is refused; the report stays saved', async () => {
    const tag = (await donate(t, await t.token('coordinator', 'FOL'), 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
    const { server, url } = await listen();
    const out = join(dir, 'out-3');
    try {
      const r = await runProbe([tag], { RIGENERA_URL: url, RIGENERA_TOKEN: 'rg_not-a-token', RIGENERA_OUT: out, LANG: 'en_GB.UTF-8' });
      expect(r.code).toBe(2);
      expect(r.out).toContain('Rigenera refused the report (401): API token not valid or revoked.');
      expect(r.out).toMatch(/The report stays in .*out-3/);
      expect(readdirSync(out)).toHaveLength(1);
    } finally {
      await close(server);
    }
  });

  it('refuses what is not a tag, and gives up after a few tries', async () => {
    const r = await runProbe([], { RIGENERA_URL: 'http://127.0.0.1:9', RIGENERA_TOKEN: token }, 'hello\nFOL\n\n\n');
    expect(r.code).toBe(2);
    expect(r.out).toContain('«HELLO» non è un codice Rigenera (forma: FOL-00042-K).');
  });
});
