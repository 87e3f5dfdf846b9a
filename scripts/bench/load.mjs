// The load generator, run as its own process on its own core: autocannon against one URL,
// printing one JSON line with requests/s, latency percentiles and the error counts.
//
// The spec comes as JSON on the command line, or `@<file>` when it is large. With `rotate`, a list of
// `{ path, body? }`, every request takes the next entry, shared across connections: GETs spread over
// many devices, and POSTs that change state (`once: true`) each act on a device of their own.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const arg = process.argv[2];
const spec = JSON.parse(arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg);
let requests;
let wrapped = false;
if (spec.rotate?.length) {
  const list = spec.rotate;
  let i = 0;
  requests = [
    {
      setupRequest(req) {
        if (i >= list.length && spec.once) wrapped = true;
        const next = list[i++ % list.length];
        req.path = next.path;
        if (next.body !== undefined) req.body = next.body;
        return req;
      },
    },
  ];
}
const instance = autocannon({
  url: spec.url,
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  body: spec.body,
  requests,
  connections: spec.connections ?? 10,
  pipelining: 1,
  duration: spec.duration ?? 10,
  timeout: 20,
});
// autocannon's own histogram keeps whole milliseconds, and a bare server answers in less than one:
// keep every response's time as measured (fractional ms) and take the percentiles from those.
const times = [];
instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
const result = await instance;
times.sort((a, b) => a - b);
const pct = (q) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 1000) / 1000 : 0);
console.log(
  JSON.stringify({
    rps: result.requests.average,
    p50: pct(0.5),
    p99: pct(0.99),
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count])),
    // A state-changing scenario that ran out of prepared devices would repeat transitions.
    wrapped,
  }),
);
