// Scenario 8, the store alone: rate-limit decisions per second and per-decision latency of guard's
// in-process MemoryStore and of its RedisRateLimitStore, called the way the rate-limit layer calls
// them (a synchronous answer is used as is; a promise is awaited), with bounded concurrency.
import { performance } from 'node:perf_hooks';
import { MemoryStore } from '../../packages/guard/dist/rate-limit/memory-store.js';
import { RedisRateLimitStore } from '../../packages/guard/dist/rate-limit/redis-store.js';
import { summariseLatencies } from './platform-measure.js';

const WINDOW_MS = 60_000;
const RESERVOIR = 200_000;

/** Keeps a uniform sample of at most RESERVOIR latencies (Algorithm R), so long runs stay bounded. */
function reservoir() {
  const kept = new Float64Array(RESERVOIR);
  let seen = 0;
  return {
    add(value) {
      if (seen < RESERVOIR) kept[seen] = value;
      else {
        const slot = Math.floor(Math.random() * (seen + 1));
        if (slot < RESERVOIR) kept[slot] = value;
      }
      seen += 1;
    },
    values: () => kept.subarray(0, Math.min(seen, RESERVOIR)),
  };
}

function openStore(kind, { redisUrl, prefix }) {
  if (kind === 'memory') return new MemoryStore({ maxKeys: 1_000_000 });
  if (kind === 'redis') return new RedisRateLimitStore({ url: redisUrl, prefix });
  throw new Error(`unknown store ${kind}`);
}

async function loop(store, { seconds, concurrency, keys, sample }) {
  let decisions = 0;
  let failures = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const key = `public:bench-${decisions % keys}`;
      const started = performance.now();
      try {
        const answer = store.hit(key, WINDOW_MS, Date.now());
        if (answer && typeof answer.then === 'function') await answer;
      } catch {
        failures += 1;
      }
      sample?.add(performance.now() - started);
      decisions += 1;
    }
  };
  const started = performance.now();
  // A synchronous store never yields, so one worker is all it can use; the others find the time up.
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { decisions, failures, elapsedS: (performance.now() - started) / 1000 };
}

/** Warm-up, then `seconds` of decisions; returns decisions/s and the latency summary in ms. */
export async function storeLoop({ store: kind, seconds, warmupSeconds = 1, concurrency, keys, redisUrl, prefix }) {
  const store = openStore(kind, { redisUrl, prefix });
  try {
    if (kind === 'redis' && !(await store.waitUntilUp(2000))) throw new Error(`Redis not reachable at ${redisUrl}`);
    await loop(store, { seconds: warmupSeconds, concurrency, keys });
    const sample = reservoir();
    const run = await loop(store, { seconds, concurrency, keys, sample });
    return { store: kind, perSecond: run.decisions / run.elapsedS, decisions: run.decisions, failures: run.failures, concurrency, ...summariseLatencies(sample.values()) };
  } finally {
    await store.close();
  }
}
