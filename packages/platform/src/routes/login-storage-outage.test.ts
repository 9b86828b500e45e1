// A Redis outage during login over real HTTP: the whole server with identity's lockout state on a
// Redis that cannot be reached (a closed port: a real refused connection). The answer is the
// storage-outage error (503, Retry-After, nothing internal), logged as
// RAMPART_ERR_SHARED_STATE_UNAVAILABLE, never as a rate-limit code.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { createContext, type OpenContext } from '../context.js';
import { freshDatabase } from '../db/test-support/index.js';
import { createIdentity, type Identity } from '../identity/index.js';
import { internalsOf } from '../identity/internals.js';
import { buildServer } from '../server.js';
import { SharedRedis } from '../shared-state/connection.js';
import { RedisLockoutStore } from '../shared-state/lockout.js';
import { jsonCall } from '../test-support/json-call.js';

const PASSWORD = 'correct horse battery staple';
const lines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let dataDir: string;
let open: OpenContext;
let redis: SharedRedis;
let identity: Identity;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rmp-outage-'));
  open = await createContext(loadConfig({ RAMPART_DATA_DIR: dataDir, RATE_LIMIT_LOGIN: '1000/hour' }, dataDir), {
    database: await freshDatabase(),
    logStream,
    migrate: false,
  });
  redis = new SharedRedis({ url: `redis://127.0.0.1:${await closedPort()}` });
  identity = await createIdentity(open.ctx, { controlSocket: false, env: { REQUIRE_VERIFIED_EMAIL: 'false' }, lockout: new RedisLockoutStore(redis, 'outage:') });
  await internalsOf(identity).accounts.register({ email: 'outage@example.com', password: PASSWORD, displayName: 'Outage' });
  app = await buildServer(open.ctx, { identity });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await identity?.close();
  await redis?.close();
  await open?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('login while the shared identity state (Redis) is down', () => {
  it('answers the storage-outage 503 with Retry-After, logged as the shared-state code and not a rate-limit one', async () => {
    const answer = await jsonCall(base, 'POST', '/auth/login', { body: { email: 'outage@example.com', password: PASSWORD } });
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect(answer.body).toEqual({ error: 'service_unavailable', message: 'internal error', reference: expect.any(String) });
    const logged = lines.map((line) => JSON.parse(line) as { reference?: string; code?: string }).find((entry) => entry.reference === answer.body.reference);
    expect(logged?.code).toBe('RAMPART_ERR_SHARED_STATE_UNAVAILABLE');
    expect(lines.join('\n')).not.toContain('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE');
  });
});
