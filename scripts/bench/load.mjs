// The load generator, run as its own process on its own core: autocannon against one URL,
// printing one JSON line with requests/s, latency percentiles and the error counts.
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: spec.url,
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  body: spec.body,
  requests: spec.requests,
  connections: spec.connections ?? 10,
  pipelining: 1,
  duration: spec.duration ?? 10,
  timeout: 20,
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
