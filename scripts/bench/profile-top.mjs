// Where a server's time went under load, from a V8 CPU profile (npm run bench with BENCH_PROFILE=1):
//   node scripts/bench/profile-top.mjs bench-results/profiles/<file>.cpuprofile [how many, default 15]
// Only the seconds the server was mostly busy count (under load, not starting or waiting for the next
// scenario); it prints the idle share of each second, then the functions with the most self time.
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 15);
const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const secondOf = [];
const seconds = [];
let t = 0;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i] ?? 0;
  const s = Math.floor(t / 1e6);
  secondOf[i] = s;
  seconds[s] ??= { n: 0, idle: 0 };
  seconds[s].n++;
  if (idleIds.has(id)) seconds[s].idle++;
});
console.log(`idle per second: ${seconds.map((s) => (s ? `${Math.round((s.idle / s.n) * 100)}%` : '-')).join(' ')}`);
const loaded = (i) => seconds[secondOf[i]].idle / seconds[secondOf[i]].n < 0.5;

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const byFunction = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  if (!loaded(i)) return;
  total++;
  const f = nodes.get(id).callFrame;
  const where = f.url ? `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + 1);
});
console.log(`${total} samples in the seconds under load`);
for (const [name, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((n / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
