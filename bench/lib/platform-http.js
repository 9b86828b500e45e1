// HTTP clients of the platform scenarios, on node:http with keep-alive agents:
// - a fixed-rate latency probe (open loop: latency counts from the scheduled send time, so a
//   stalled server cannot hide its stall by slowing the probe down: no coordinated omission);
// - a login load: workers that POST /auth/login back to back, each synthetic client address used
//   exactly as many times as the login class admits per window (every attempt reaches Argon2);
// - a hammer: a fixed number of requests spread over several instances with bounded concurrency,
//   counting answers per status and per limiter key.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { clientAddress, summariseLatencies } from './platform-measure.js';

/** One request; resolves { status, body, ms } and never rejects (status 0 = network error or timeout). */
export function send({ agent, port, method = 'GET', path, headers = {}, body, timeoutMs = 10_000 }) {
  const started = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      {
        agent, host: '127.0.0.1', port, method, path,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
    req.end(payload);
  });
}

/** POST a JSON body and parse the JSON answer; throws with the status when it is not `expected`. */
export async function postJson(port, path, body, { expected, headers = {} } = {}) {
  const res = await send({ port, method: 'POST', path, body, headers: { accept: 'application/json', ...headers } });
  if (expected !== undefined && res.status !== expected) {
    throw new Error(`POST ${path} answered ${res.status} (expected ${expected}): ${res.body.slice(0, 200)}`);
  }
  return { status: res.status, json: res.body ? JSON.parse(res.body) : undefined };
}

function countStatus(counts, status) {
  counts[status] = (counts[status] ?? 0) + 1;
}

/**
 * Sends GET `path` at `rate` requests/s for `seconds` over at most `connections` sockets and
 * summarises the latencies (measured from each request's scheduled time).
 */
export async function probe({ port, path, rate, seconds, connections, headers = {} }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies = [];
  const statuses = {};
  const inFlight = [];
  const start = performance.now() + 20;
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (; next < total && start + next * interval <= now; next++) {
        const scheduled = start + next * interval;
        inFlight.push(
          send({ agent, port, path, headers }).then((res) => {
            latencies.push(performance.now() - scheduled);
            countStatus(statuses, res.status);
          }),
        );
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
      else resolve();
    };
    setTimeout(tick, 20);
  });
  await Promise.all(inFlight);
  agent.destroy();
  return { ...summariseLatencies(latencies), statuses, rate, seconds };
}

/**
 * Logs in back to back with `concurrency` workers until `stop()` is called. Synthetic client address
 * k is used for attempts k*perAddress .. k*perAddress+perAddress-1, i.e. exactly at the login limit.
 */
export function loginLoad({ port, users, concurrency, perAddress, addressOffset }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = {};
  const latencies = [];
  let attempt = 0;
  let stopped = false;
  const started = performance.now();
  const worker = async () => {
    while (!stopped) {
      const n = attempt++;
      const user = users[n % users.length];
      const res = await send({
        agent, port, method: 'POST', path: '/auth/login',
        headers: { accept: 'application/json', 'x-forwarded-for': clientAddress(addressOffset + Math.floor(n / perAddress)) },
        body: { email: user.email, password: user.password },
      });
      countStatus(statuses, res.status);
      latencies.push(res.ms);
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    async stop() {
      stopped = true;
      await Promise.all(workers);
      agent.destroy();
      const elapsedS = (performance.now() - started) / 1000;
      const completed = latencies.length;
      return { ...summariseLatencies(latencies), statuses, perSecond: completed / elapsedS, concurrency };
    },
  };
}

/**
 * `perKey` requests for each of `keys` synthetic client addresses, spread round-robin over `ports`,
 * `concurrency` at a time. Returns the answers per status and the 2xx count per key.
 */
export async function hammer({ ports, path, keys, perKey, concurrency, addressOffset = 0, headers = {} }) {
  const agents = ports.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }));
  const total = keys * perKey;
  const statuses = {};
  const admittedByKey = {};
  for (let k = 0; k < keys; k++) admittedByKey[clientAddress(addressOffset + k)] = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const n = next++;
      // Interleave keys so that every key is contended on every instance at the same time.
      const key = clientAddress(addressOffset + (n % keys));
      const instance = Math.floor(n / keys) % ports.length;
      const res = await send({ agent: agents[instance], port: ports[instance], path, headers: { ...headers, 'x-forwarded-for': key } });
      countStatus(statuses, res.status);
      if (res.status >= 200 && res.status < 300) admittedByKey[key] += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  for (const agent of agents) agent.destroy();
  return { requests: total, statuses, admittedByKey, seconds: (performance.now() - started) / 1000 };
}
