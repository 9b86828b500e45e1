// The benchmark scenarios of issue 6: which targets run, what they are sent, and the goal to report.
export const ALL_PEERS = ['fastify-bare', 'rampart', 'fastify-plugins', 'hono', 'express', 'fastapi'];

/** The goals' baseline (the issue's "header-equal bare Fastify"): bare Fastify sending the headers
 * the Rampart target sent for the same request, captured once both are running (run.js). */
const SAME_HEADERS = { target: 'fastify-same-headers', headersOf: 'rampart' };

export const SCENARIOS = [
  {
    id: 'public',
    title: '1. Public route (headers, CORS, hosts, request id, limiter that never trips)',
    path: '/bench',
    runs: [...ALL_PEERS.map((target) => ({ target })), SAME_HEADERS],
    goal: { target: 'rampart', minRpsRatio: 0.8, maxP99Ratio: 2 },
    headerPrecheck: true,
  },
  {
    id: 'authenticated',
    title: '2. Authenticated route (EdDSA JWT verification + scope check; also through guard\'s oidcVerifier)',
    path: '/bench/auth',
    runs: [{ target: 'fastify-bare' }, { target: 'rampart' }, { target: 'rampart', variant: 'oidc', env: { BENCH_VERIFIER: 'oidc' } }, SAME_HEADERS],
    withToken: true,
    goal: { target: 'rampart', minRpsRatio: 0.85 },
  },
  {
    id: 'limited',
    title: '3. Every response a 429 (the limiter under attack)',
    path: '/bench',
    env: { BENCH_LIMIT: 'closed' },
    runs: ALL_PEERS.filter((t) => t !== 'fastify-bare').map((target) => ({ target })),
    expectLimited: true,
  },
  {
    id: 'redis',
    title: '4. Limiter in Redis instead of in-process',
    path: '/bench',
    needsRedis: true,
    runs: [
      { target: 'fastify-bare' },
      { target: 'rampart' },
      { target: 'rampart', variant: 'redis', env: { BENCH_STORE: 'redis' } },
    ],
  },
  {
    id: 'memory',
    title: '5. Memory: RSS growth after 1,000,000 requests from distinct client keys',
    path: '/bench',
    memory: true,
    env: { BENCH_TRUST_PROXY: '1' },
    runs: [{ target: 'fastify-bare' }, { target: 'rampart' }],
    goal: { target: 'rampart', maxGrowthMiB: 64 },
  },
];

// Scenarios 6-8 (platform and production, issues 3 and 4) run through their own `custom` runners.
import { PLATFORM_SCENARIOS } from '../scenarios/index.js';
SCENARIOS.push(...PLATFORM_SCENARIOS);
