// A login racing a password reset: the login has verified the OLD password (against the hash it
// read before waiting for a hashing slot) when the reset completes. Before the fix such logins
// kept working sessions (23-26 per run in the review). The race is made deterministic with a
// lockout store (the real database one) that holds the login right after its verification.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTables } from '../db/schema/identity.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import { DatabaseLockoutStore } from './state/database.js';
import type { LockoutState, LockoutStore } from './state/types.js';
import { StaleCredentialError } from './sessions/refresh-sessions.js';
import { identityFixture, type IdentityFixture } from './test-support/identity-fixture.js';
import { internalsOf } from './internals.js';

const OLD = 'the old passphrase before reset';
const NEW = 'the new passphrase after reset';

/** The real store, whose `get` can be held until the test releases it. */
class HeldLockoutStore implements LockoutStore {
  #hold: Promise<void> | undefined;
  #release: (() => void) | undefined;
  #reached: (() => void) | undefined;
  constructor(private readonly inner: LockoutStore) {}
  /** The next `get` waits; resolves once a login reached it. */
  holdNext(): Promise<void> {
    this.#hold = new Promise((resolve) => (this.#release = resolve));
    return new Promise((resolve) => (this.#reached = resolve));
  }
  release(): void {
    this.#release?.();
  }
  async get(userId: string): Promise<LockoutState> {
    const hold = this.#hold;
    this.#hold = undefined;
    if (hold) {
      this.#reached?.();
      await hold;
    }
    return this.inner.get(userId);
  }
  recordFailure(userId: string, now: number, threshold: number, durationMs: number): Promise<LockoutState> {
    return this.inner.recordFailure(userId, now, threshold, durationMs);
  }
  reset(userId: string): Promise<void> {
    return this.inner.reset(userId);
  }
}

let f: IdentityFixture;
let lockout: HeldLockoutStore;

beforeAll(async () => {
  const database = await freshDatabase();
  lockout = new HeldLockoutStore(new DatabaseLockoutStore(database.db as unknown as Kysely<IdentityTables>));
  f = await identityFixture({ database, lockout });
});
afterAll(async () => {
  await f.close();
});

async function resetPassword(email: string, password: string): Promise<void> {
  await internalsOf(f.identity).passwordReset.request(email);
  const row = await f.database.db.selectFrom('outbox').select(['id', 'payload']).where('recipient', '=', email).where('kind', '=', 'password_reset').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  await internalsOf(f.identity).passwordReset.confirm(internalsOf(f.identity).passwordReset.openOutboxToken(row), password);
}

describe('a login racing a password reset', () => {
  it('a login that verified the old password while the reset completed is refused', async () => {
    const user = await internalsOf(f.identity).accounts.register({ email: 'race@example.com', password: OLD, displayName: 'Race' });
    const reached = lockout.holdNext();
    const login = internalsOf(f.identity).accounts.login(user.email, OLD, undefined);
    await reached; // the old password is verified; the login waits here
    await resetPassword(user.email, NEW);
    lockout.release();
    expect(await login).toEqual({ ok: false, reason: 'credential_changed' });
    expect((await internalsOf(f.identity).accounts.login(user.email, NEW, undefined)).ok).toBe(true);
  });

  it('a session is not started for a credential that changed after the login verified it', async () => {
    const user = await internalsOf(f.identity).accounts.register({ email: 'race2@example.com', password: OLD, displayName: 'Race' });
    const outcome = await internalsOf(f.identity).accounts.login(user.email, OLD, undefined);
    if (!outcome.ok) throw new Error('login failed');
    await resetPassword(user.email, NEW);
    await expect(internalsOf(f.identity).startSession(outcome.user)).rejects.toBeInstanceOf(StaleCredentialError);
    const fresh = await internalsOf(f.identity).accounts.login(user.email, NEW, undefined);
    if (!fresh.ok) throw new Error('login failed');
    await expect(internalsOf(f.identity).startSession(fresh.user)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});
