// The header-equal baselines (scenarios 1, 2 and 9, bench/ab-platform-health.js): one answer of the
// model target, and the headers a bare Fastify must send to match it. Transport headers are Node's
// own, and the request id is fresh per response in the baselines as in the model.
import { send } from './platform-http.js';

const NOT_COPIED = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'transfer-encoding', 'x-request-id']);

/** The headers `name` (listening on `port`) answers `path` with, for BENCH_HEADERS; it must answer 200. */
export async function headersToCopy({ name, port, path, headers }) {
  const sample = await send({ port, path, headers });
  if (sample.status !== 200) throw new Error(`${name} answered ${sample.status} on ${path}`);
  return Object.fromEntries(Object.entries(sample.headers).filter(([header]) => !NOT_COPIED.has(header)));
}
