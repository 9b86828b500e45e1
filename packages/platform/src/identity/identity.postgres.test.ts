// The same identity on the real PostgreSQL (127.0.0.1:5432): concurrent refreshes, concurrent
// TOTP claims, lockout counting under concurrency and revocation, with pg's types.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTables } from '../db/schema/identity.js';
import { postgresAvailable, POSTGRES_URL } from '../../../../test-support/services.js';
import { freshPostgresDatabase } from '../../../../test-support/postgres-database.js';
import { identityFixture, TEST_ORIGIN, type IdentityFixture } from './test-support/identity-fixture.js';
import { DatabaseLockoutStore, DatabaseTotpReplayStore } from './state/database.js';
import { internalsOf } from './internals.js';

const pgUp = await postgresAvailable();
const PASSWORD = 'correct horse battery staple';

describe.runIf(pgUp)('identity on PostgreSQL', { timeout: 120_000 }, () => {
  let f: IdentityFixture;
  beforeAll(async () => {
    f = await identityFixture({ database: await freshPostgresDatabase(POSTGRES_URL) });
  }, 120_000);
  afterAll(async () => {
    await f?.close();
  });
  // The whole database includes identity's tables; Kysely's generic is invariant, hence the cast.
  const identityDb = () => f.database.db as unknown as Kysely<IdentityTables>;

  it('registers, logs in, rotates and detects reuse; one of concurrent refreshes wins', async () => {
    const user = await internalsOf(f.identity).accounts.register({ email: 'pg@example.com', password: PASSWORD, displayName: 'Pg' });
    const login = await internalsOf(f.identity).accounts.login('pg@example.com', PASSWORD, undefined);
    expect(login.ok).toBe(true);
    const pair = await internalsOf(f.identity).startSession(user);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => f.identity.refresh(TEST_ORIGIN, pair.refreshToken)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ accessToken: string }>).value;
    // The losers presented a spent token: the family is revoked, with the winner's access token.
    await expect(f.identity.verifier.verify(winner.accessToken)).rejects.toMatchObject({ code: 'RAMPART_ERR_AUTH_INVALID_TOKEN' });
  });

  it('counts concurrent failures exactly and locks at the threshold', async () => {
    const user = await internalsOf(f.identity).accounts.register({ email: 'pg-lock@example.com', password: PASSWORD, displayName: 'Lock' });
    const store = new DatabaseLockoutStore(identityDb());
    const now = f.clock;
    await Promise.all(Array.from({ length: 9 }, () => store.recordFailure(user.id, now, 10, 900_000)));
    expect(await store.get(user.id)).toEqual({ lockedUntil: 0, consecutiveFailures: 9 });
    expect(await store.recordFailure(user.id, now, 10, 900_000)).toEqual({ lockedUntil: now + 900_000, consecutiveFailures: 0 });
  });

  it('accepts a TOTP time step once under concurrency', async () => {
    const user = await internalsOf(f.identity).accounts.register({ email: 'pg-totp@example.com', password: PASSWORD, displayName: 'Totp' });
    await internalsOf(f.identity).mfa.enrol(user.id, 'pg-totp@example.com');
    const store = new DatabaseTotpReplayStore(identityDb());
    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claim(user.id, 60_000_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claim(user.id, 59_999_999)).toBe(false);
    expect(await store.claim(user.id, 60_000_001)).toBe(true);
  });

  it('queues at most 3 reset mails and 3 duplicate-registration notices for 20 parallel requests (atomic per-recipient throttle)', async () => {
    const user = await internalsOf(f.identity).accounts.register({ email: 'pg-bomb@example.com', password: PASSWORD, displayName: 'Bomb' });
    await Promise.all(Array.from({ length: 20 }, () => internalsOf(f.identity).passwordReset.request('pg-bomb@example.com')));
    const resets = await identityDb().selectFrom('outbox').select('id').where('recipient', '=', 'pg-bomb@example.com').where('kind', '=', 'password_reset').execute();
    const tokens = await identityDb().selectFrom('password_reset_tokens').select('token_hash').where('user_id', '=', user.id).execute();
    expect(resets).toHaveLength(3);
    expect(tokens).toHaveLength(3); // a throttled request stores no token either
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => internalsOf(f.identity).accounts.register({ email: 'pg-bomb@example.com', password: `another passphrase ${i}x`, displayName: 'Again' })),
    );
    const notices = await identityDb().selectFrom('outbox').select('id').where('recipient', '=', 'pg-bomb@example.com').where('kind', '=', 'account_notice').execute();
    expect(notices).toHaveLength(3);
  });

  it('an operator lock kills access tokens at once', async () => {
    const user = await internalsOf(f.identity).accounts.register({ email: 'pg-op@example.com', password: PASSWORD, displayName: 'Op' });
    const pair = await internalsOf(f.identity).startSession(user);
    await expect(f.identity.verifier.verify(pair.accessToken)).resolves.toMatchObject({ subject: user.id });
    await f.identity.admin.lock('pg-op@example.com');
    await expect(f.identity.verifier.verify(pair.accessToken)).rejects.toMatchObject({ code: 'RAMPART_ERR_AUTH_INVALID_TOKEN' });
  });
});
