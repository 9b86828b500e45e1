// Scenario 8's instances: guard with every layer on and its limiter in Redis under a prefix shared
// with sibling processes (BENCH_PREFIX), so that a limit of BENCH_SHARED_LIMIT per client address
// (class BENCH_CLASS, `login` by default) holds across all of them. Client addresses come from X-Forwarded-For via the trusted loopback.
// GET /bench/store reports the Redis connection's counters, so the bench can show that no decision
// was taken by the in-process fallback (a rejected Redis command would be counted there).
import Fastify from 'fastify';
import { guard, guardServerOptions, resolvePolicy } from '@rampart/guard';
import { RedisRateLimitStore } from '../../packages/guard/dist/rate-limit/redis-store.js';
import { BODY, ALLOWED_ORIGIN, ALLOWED_HOSTS, HOST, PORT, announce } from './common.js';

const limit = Number(process.env.BENCH_SHARED_LIMIT);
const prefix = process.env.BENCH_PREFIX;
if (!Number.isInteger(limit) || limit < 1 || !prefix) throw new Error('BENCH_SHARED_LIMIT (integer >= 1) and BENCH_PREFIX are required');

const store = new RedisRateLimitStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix });
if (!(await store.waitUntilUp(3000))) throw new Error('Redis is not reachable');
// The class /bench counts in: `login` fails closed when Redis does not answer in time (503),
// `public` falls back to the per-process limiter (guard's defaults for those classes).
const limitedClass = process.env.BENCH_CLASS === 'public' ? 'public' : 'login';
const rule = { limit, windowMs: 60_000 };
const policy = resolvePolicy({
  mode: 'production',
  allowedHosts: ALLOWED_HOSTS,
  trustProxy: ['127.0.0.1'],
  cors: { origins: [ALLOWED_ORIGIN], credentials: true, methods: ['GET'] },
  rateLimit: { store, classes: { [limitedClass]: rule, health: { limit: 1_000_000, windowMs: 60_000 } } },
  securityTxt: { contact: ['mailto:security@example.test'] },
});

const app = Fastify(guardServerOptions(policy, { logger: false }));
await app.register(guard, policy);
const body = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    courses: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, level: { type: 'string' } } } },
  },
};
const health = {
  type: 'object',
  additionalProperties: false,
  properties: { state: { type: 'string' }, wentDown: { type: 'integer' }, wentUp: { type: 'integer' }, rejected: { type: 'integer' } },
};
app.get('/bench', { config: { access: 'public', rateLimit: limitedClass }, schema: { response: { 200: body } } }, async () => BODY);
app.get('/bench/store', { config: { access: 'public', rateLimit: 'health' }, schema: { response: { 200: health } } }, async () => store.health());
process.once('SIGTERM', async () => {
  await app.close();
  await store.close();
  process.exit(0);
});
await app.listen({ host: HOST, port: PORT });
announce(app.server.address().port);
