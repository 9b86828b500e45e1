// Scenario 8 (issue 4): the Redis-backed limiter.
// (a) The store alone: decisions per second and per-decision p99 of guard's RedisRateLimitStore
//     against the in-process MemoryStore, same run, shuffled rounds, pinned to the server core.
//     (Scenario 4 gives the HTTP view of the same choice.)
// (b) Exactness: three guard processes share one Redis; every synthetic client key is hammered
//     concurrently through all three; the 2xx answers per key must never exceed the limit. The goal
//     is judged on a fail-closed class (login: a Redis timeout answers 503); a fail-open class
//     (public: a timeout falls back to the per-process limiter) is measured and reported beside it.
import { connect } from 'node:net';
import { median, shuffle } from '../lib/stats.js';
import { send } from '../lib/platform-http.js';
import { judgeExactness } from '../lib/platform-measure.js';
import { platformUnavailableReason, runDriver, startSharedLimitGuard } from '../lib/platform-process.js';
import { addStatuses, fixed, markdownTable, skippedResult, statusList } from '../lib/platform-report.js';

export const redisLimiterScenario = {
  id: 'redis-limiter',
  title: '8. Redis-backed limiter: decisions/s and added p99 vs in-process; exactness across 3 instances',
  custom: runRedisLimiter,
};

const REDIS = { host: '127.0.0.1', port: 6379 };
const REDIS_URL = `redis://${REDIS.host}:${REDIS.port}`;
const STORE = { concurrency: 32, keys: 10_000 };
const EXACT = { instances: 3, limit: 200, keys: 8, perKey: 600, concurrency: 48 };
const TRIALS = [
  { limitedClass: 'login', goal: true },
  { limitedClass: 'public', goal: false },
];

function redisReachable() {
  return new Promise((resolve) => {
    const socket = connect(REDIS);
    socket.setTimeout(1000, () => { socket.destroy(); resolve(false); });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function measureStores({ options, serverCpu, seconds }) {
  const runs = { memory: [], redis: [] };
  for (let round = 1; round <= options.rounds; round++) {
    for (const store of shuffle(['memory', 'redis'])) {
      const prefix = `rampart:bench:store:${process.pid}:${round}:`;
      const r = await runDriver({ kind: 'store', store, seconds, warmupSeconds: 1, redisUrl: REDIS_URL, prefix, ...STORE }, { cpu: serverCpu });
      runs[store].push(r);
      console.log(`  round ${round} ${store} store: ${Math.round(r.perSecond)} decisions/s, p50 ${fixed(r.p50Ms, 3)} ms, p99 ${fixed(r.p99Ms, 3)} ms${r.failures ? `, ${r.failures} failed` : ''}`);
    }
  }
  const summary = (list, label) => ({
    label,
    perSecond: median(list.map((r) => r.perSecond)),
    p50Ms: median(list.map((r) => r.p50Ms)),
    p99Ms: median(list.map((r) => r.p99Ms)),
    failures: list.reduce((a, r) => a + r.failures, 0),
  });
  return { memory: summary(runs.memory, 'MemoryStore (in process)'), redis: summary(runs.redis, 'RedisRateLimitStore') };
}

async function exactnessTrial({ trial, limitedClass, serverCpu, loadCpu }) {
  const prefix = `rampart:bench:exact:${process.pid}:${trial}:`;
  const instances = [];
  try {
    for (let i = 0; i < EXACT.instances; i++) instances.push(await startSharedLimitGuard({ prefix, limit: EXACT.limit, limitedClass, redisUrl: REDIS_URL, cpu: serverCpu }));
    const result = await runDriver(
      { kind: 'hammer', ports: instances.map((s) => s.port), path: '/bench', keys: EXACT.keys, perKey: EXACT.perKey, concurrency: EXACT.concurrency, addressOffset: trial * 1000 },
      { cpu: loadCpu },
    );
    // A decision the in-process fallback took instead of Redis would be counted as rejected here.
    const stores = await Promise.all(instances.map(async (s) => JSON.parse((await send({ port: s.port, path: '/bench/store' })).body)));
    const verdict = judgeExactness(result.admittedByKey, EXACT.limit);
    const maxPerKey = Math.max(...Object.values(result.admittedByKey));
    const rejectedByStore = stores.reduce((a, s) => a + (s.rejected ?? 0), 0);
    console.log(`  trial ${trial} (${limitedClass} class): ${verdict.admitted} of ${result.requests} admitted for ${verdict.keys} keys (limit ${EXACT.limit} each, max per key ${maxPerKey}; ${statusList(result.statuses)}; Redis commands rejected: ${rejectedByStore})`);
    return { ...verdict, limitedClass, maxPerKey, requests: result.requests, statuses: result.statuses, seconds: result.seconds, rejectedByStore };
  } finally {
    for (const s of instances) await s.stop();
  }
}

async function runRedisLimiter({ options, serverCpu, loadCpu }) {
  const scenario = redisLimiterScenario;
  const unavailable = platformUnavailableReason();
  if (unavailable) return skippedResult(scenario, `guard is ${unavailable}`);
  if (!(await redisReachable())) return skippedResult(scenario, `Redis is not reachable at ${REDIS.host}:${REDIS.port}`);
  const seconds = Math.min(options.seconds, 3);
  const stores = await measureStores({ options, serverCpu, seconds });
  const trials = [];
  for (const [index, { limitedClass, goal }] of TRIALS.entries()) {
    trials.push({ ...(await exactnessTrial({ trial: index + 1, limitedClass, serverCpu, loadCpu })), goal });
  }
  const judged = trials.filter((t) => t.goal);
  const informative = trials.filter((t) => !t.goal);

  const ratio = stores.redis.perSecond / stores.memory.perSecond;
  const addedP99 = stores.redis.p99Ms - stores.memory.p99Ms;
  const exact = judged.every((t) => t.exact);
  const admitted = judged.reduce((a, t) => a + t.admitted, 0);
  const allowed = judged.reduce((a, t) => a + t.allowed, 0);
  const maxPerKey = Math.max(...judged.map((t) => t.maxPerKey));
  const verdicts = [
    { met: true, text: `scenario 8: RedisRateLimitStore ${Math.round(stores.redis.perSecond)} decisions/s = ${fixed(ratio, 3)} x MemoryStore, p99 +${fixed(addedP99, 3)} ms per decision (reported, no goal)` },
    { met: exact, text: `scenario 8: ${EXACT.instances} instances sharing Redis, fail-closed class: ${admitted} admitted of ${allowed} allowed (max ${maxPerKey} per key, limit ${EXACT.limit}; goal: never above the limit)` },
    ...informative.map((t) => ({
      met: true,
      text: `scenario 8: fail-open (${t.limitedClass}) class: ${t.admitted} admitted of ${t.allowed} allowed (max ${t.maxPerKey} per key; ${t.rejectedByStore} Redis commands timed out and were decided in process) (reported: exact only while Redis answers in time)`,
    })),
  ];
  const storeTable = markdownTable(
    [
      ['store', (s) => s.label],
      ['decisions/s (median)', (s) => String(Math.round(s.perSecond)), 'r'],
      ['x in-process', (s) => fixed(s.perSecond / stores.memory.perSecond, 3), 'r'],
      ['p50 µs', (s) => fixed(s.p50Ms * 1000, 1), 'r'],
      ['p99 µs', (s) => fixed(s.p99Ms * 1000, 1), 'r'],
      ['failed', (s) => String(s.failures), 'r'],
    ],
    [stores.memory, stores.redis],
  );
  const trialTable = markdownTable(
    [
      ['trial', (t) => String(t.index)],
      ['class (on Redis failure)', (t) => `${t.limitedClass} (${t.goal ? 'closed: 503' : 'fallback in process'})`],
      ['requests', (t) => String(t.requests), 'r'],
      ['keys x limit', (t) => `${t.keys} x ${t.limit}`, 'r'],
      ['admitted (2xx)', (t) => String(t.admitted), 'r'],
      ['max per key', (t) => String(t.maxPerKey), 'r'],
      ['answers', (t) => statusList(t.statuses)],
      ['Redis commands rejected', (t) => String(t.rejectedByStore), 'r'],
      ['exact', (t) => (t.exact ? 'yes' : t.goal ? '**no**' : 'no')],
    ],
    trials.map((t, i) => ({ ...t, index: i + 1 })),
  );
  const markdown = [
    `### ${scenario.title}`,
    '',
    `Store loop pinned to core 0 (Redis itself unpinned): ${STORE.concurrency} decisions in flight over ${STORE.keys} keys, ${options.rounds} shuffled round(s) of ${seconds}s after a 1s warm-up; the in-process store answers synchronously, so it runs one at a time. The HTTP view of the same choice is scenario 4.`,
    '',
    storeTable,
    '',
    `Exactness: ${EXACT.instances} guard processes (every layer on, limiter in one Redis under one prefix, ${EXACT.limit} per client address and minute) on core 0; ${EXACT.keys} client addresses x ${EXACT.perKey} requests, interleaved over the instances, ${EXACT.concurrency} in flight, from core 1. All answers: ${statusList(addStatuses(trials.map((t) => t.statuses)))}.`,
    '',
    trialTable,
    '',
  ].join('\n');
  return { id: scenario.id, title: scenario.title, figures: { stores, ratio, addedP99Ms: addedP99, trials }, verdicts, markdown };
}
