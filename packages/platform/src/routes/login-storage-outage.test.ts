// A Redis outage inside identity during login: identity's lockout state on a Redis that cannot
// be reached (a closed port: a real refused connection). Over HTTP the login rate limit, on the
// same single connection, refuses first (production/redis-fault.test.ts); this test reaches the
// identity path itself: the failure is the storage-outage error, which the one edge table
// answers as 503 with Retry-After under RAMPART_ERR_SHARED_STATE_UNAVAILABLE, never a rate-limit code.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isGuardError } from '@rampart/guard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../../test-support/ports.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import { loadConfig } from '../config/index.js';
import { createContext, type OpenContext } from '../context.js';
import { StorageUnavailableError } from '../errors/index.js';
import { toHttpError } from '../errors/http-mapping.js';
import { createIdentity, type Identity } from '../identity/index.js';
import { internalsOf } from '../identity/internals.js';
import { TEST_ORIGIN } from '../identity/test-support/identity-fixture.js';
import { SharedRedis } from '../shared-state/connection.js';
import { RedisLockoutStore } from '../shared-state/lockout.js';

const PASSWORD = 'correct horse battery staple';
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

let dataDir: string;
let open: OpenContext;
let redis: SharedRedis;
let identity: Identity;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rmp-outage-'));
  open = await createContext(loadConfig({ RAMPART_DATA_DIR: dataDir }, dataDir), { database: await freshDatabase(), logStream: quiet, migrate: false });
  redis = new SharedRedis({ url: `redis://127.0.0.1:${await closedPort()}` });
  identity = await createIdentity(open.ctx, { controlSocket: false, env: { REQUIRE_VERIFIED_EMAIL: 'false' }, lockout: new RedisLockoutStore(redis, 'outage:') });
  await internalsOf(identity).accounts.register({ email: 'outage@example.com', password: PASSWORD, displayName: 'Outage' });
}, 60_000);

afterAll(async () => {
  await identity?.close();
  await redis?.close();
  await open?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('login while the shared identity state (Redis) is down', () => {
  it('fails with the storage-outage error, answered as the shared-state 503 with Retry-After', async () => {
    const failure: unknown = await identity.login(TEST_ORIGIN, 'outage@example.com', PASSWORD).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect((failure as StorageUnavailableError).code).toBe('ERR_SHARED_STATE_UNAVAILABLE');
    const answer = toHttpError(failure);
    expect(isGuardError(answer)).toBe(true);
    expect(answer).toMatchObject({ code: 'RAMPART_ERR_SHARED_STATE_UNAVAILABLE', statusCode: 503, retryAfterSeconds: 5 });
    expect(JSON.stringify(answer)).not.toContain('RATE_LIMIT');
  });
});
