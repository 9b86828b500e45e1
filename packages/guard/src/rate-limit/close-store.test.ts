// guard closes the store it was given when Fastify closes: with a real Redis store, the
// connection is gone after app.close() and a process that never closes the store itself exits.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../../test-support/served-process.js';
import { REDIS_URL, redisAvailable } from '../../../../test-support/services.js';
import { buildGuardedApp } from '../test-support/guard-core-app.js';
import { RedisRateLimitStore } from './redis-store.js';

const redis = await redisAvailable();
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const BUILT = existsSync(DIST);
if (redis && !BUILT) console.warn('skipping the child-process close test: packages/guard is not built (npm run build)');

const ok = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };

let admin: Redis;
beforeAll(() => {
  if (redis) admin = new Redis(REDIS_URL, { lazyConnect: false, enableOfflineQueue: true });
});
afterAll(async () => {
  if (redis) await admin.quit();
});

async function connectionNamed(name: string): Promise<boolean> {
  const list = (await admin.call('CLIENT', 'LIST')) as string;
  return list.split('\n').some((line) => line.includes(` name=${name} `));
}

describe.runIf(redis)('guard closes its rate-limit store on close (real Redis)', () => {
  it('closes the connection when Fastify closes', async () => {
    const name = `rampart-close-${randomUUID()}`;
    const store = new RedisRateLimitStore({ url: REDIS_URL, name, prefix: `test:${name}:` });
    expect(await store.waitUntilUp(3000)).toBe(true);
    const { app } = await buildGuardedApp({ rateLimit: { store } }, (a) => {
      a.get('/x', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => ({ ok: true }));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const response = await request(`http://127.0.0.1:${address.port}/x`);
    await response.body.dump();
    expect(response.headers.ratelimit).toMatch(/^"public";r=99;/); // counted in Redis
    expect(await connectionNamed(name)).toBe(true);

    await app.close();
    // QUIT is answered before the server drops the client: poll briefly.
    let open = true;
    for (let i = 0; i < 50 && open; i++) {
      open = await connectionNamed(name);
      if (open) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(open).toBe(false);
  });

  it.runIf(BUILT)('a process that only calls app.close() exits (the store does not hold it open)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-close-'));
    const require = createRequire(import.meta.url);
    const fastifyUrl = pathToFileURL(require.resolve('fastify')).href;
    const script = join(dir, 'child.mjs');
    writeFileSync(
      script,
      `
import Fastify from ${JSON.stringify(fastifyUrl)};
import { guard, RedisRateLimitStore } from ${JSON.stringify(pathToFileURL(DIST).href)};
const store = new RedisRateLimitStore({ url: process.env.REDIS_URL, name: 'rampart-close-child' });
await store.waitUntilUp(3000);
const app = Fastify();
await app.register(guard, { rateLimit: { store } });
app.get('/x', { config: { access: 'public', rateLimit: 'public' }, schema: ${JSON.stringify(ok)} }, async () => ({ ok: true }));
await app.listen({ port: 0, host: '127.0.0.1' });
const response = await fetch('http://127.0.0.1:' + app.server.address().port + '/x');
console.log(response.status, response.headers.get('ratelimit'));
await app.close();
console.log('closed');
`,
    );
    try {
      // Still running 8 s after app.close(): runProcess kills it and the test fails saying so.
      const { code, output: out } = await runProcess({ args: [script], env: { REDIS_URL }, timeoutMs: 8000 });
      expect(out).toContain('200 "public";r=99');
      expect(out).toContain('closed');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 15_000);
});
