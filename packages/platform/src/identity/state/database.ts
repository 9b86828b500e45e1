// Database-backed identity state: works across instances sharing one PostgreSQL, and in the
// embedded database. The revocation store keeps a small, short-lived in-process cache so that
// the per-request check costs a map lookup; the control channel invalidates it at once.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { IdentityTables } from '../../db/schema/identity.js';
import { USER_ID, type LockoutState, type LockoutStore, type RevocationStore, type TotpReplayStore } from './types.js';

interface RevocationFacts {
  readonly exists: boolean;
  readonly locked: boolean;
  readonly notBefore: number;
  readonly sessionRevoked: boolean;
}

export class DatabaseRevocationStore implements RevocationStore {
  readonly #cache = new Map<string, { facts: RevocationFacts; until: number }>();

  constructor(
    private readonly db: Kysely<IdentityTables>,
    private readonly now: () => number,
    /** How long an answer is trusted without asking the database again. In this process every
     * change clears the cache at once; other processes tell us through the control channel. */
    private readonly cacheTtlMs = 1000,
    private readonly maxEntries = 10_000,
  ) {}

  async notBefore(userId: string): Promise<number> {
    return USER_ID.test(userId) ? (await this.#facts(userId, undefined)).notBefore : 0;
  }

  async isRevoked(userId: string, issuedAtSeconds: number, sessionId?: string): Promise<boolean> {
    if (!USER_ID.test(userId) || (sessionId !== undefined && !USER_ID.test(sessionId))) return true;
    const facts = await this.#facts(userId, sessionId);
    return !facts.exists || facts.locked || facts.sessionRevoked || issuedAtSeconds < facts.notBefore;
  }

  async revokeBefore(userId: string, seconds: number): Promise<void> {
    if (!USER_ID.test(userId)) return;
    const mark = new Date(seconds * 1000);
    await this.db
      .updateTable('users')
      .set({ tokens_not_before: mark })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('tokens_not_before', 'is', null), eb('tokens_not_before', '<', mark)]))
      .execute();
    this.#cache.clear();
  }

  async revokeSession(sessionId: string, reason: string): Promise<void> {
    if (!USER_ID.test(sessionId)) return;
    await this.db
      .updateTable('refresh_token_families')
      .set({ revoked_at: new Date(this.now()), revoked_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
    this.#cache.clear();
  }

  invalidate(): void {
    this.#cache.clear();
  }

  async #facts(userId: string, sessionId: string | undefined): Promise<RevocationFacts> {
    const key = `${userId}/${sessionId ?? ''}`;
    const now = this.now();
    const cached = this.#cache.get(key);
    if (cached && cached.until > now) return cached.facts;
    // One indexed read: the user row and, when the token names one, its session.
    const row = await this.db
      .selectFrom('users')
      .leftJoin('refresh_token_families as family', (join) =>
        join.onRef('family.user_id', '=', 'users.id').on('family.id', '=', sessionId ?? '00000000-0000-0000-0000-000000000000'),
      )
      .select(['users.tokens_not_before', 'users.locked_at', 'family.id as family_id', 'family.revoked_at'])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    const facts: RevocationFacts = {
      exists: row !== undefined,
      locked: row !== undefined && row.locked_at !== null,
      notBefore: row?.tokens_not_before ? Math.ceil(row.tokens_not_before.getTime() / 1000) : 0,
      sessionRevoked: sessionId !== undefined && (row === undefined || row.family_id === null || row.revoked_at !== null),
    };
    if (this.#cache.size >= this.maxEntries) this.#cache.clear();
    this.#cache.set(key, { facts, until: now + this.cacheTtlMs });
    return facts;
  }
}

export class DatabaseLockoutStore implements LockoutStore {
  constructor(private readonly db: Kysely<IdentityTables>) {}

  async get(userId: string): Promise<LockoutState> {
    const row = await this.db
      .selectFrom('login_failures')
      .select(['consecutive_failures', 'locked_until'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return { lockedUntil: row?.locked_until?.getTime() ?? 0, consecutiveFailures: row?.consecutive_failures ?? 0 };
  }

  async recordFailure(userId: string, now: number, threshold: number, durationMs: number): Promise<LockoutState> {
    // One statement, so that concurrent failures cannot both read the same count.
    const row = await this.db
      .insertInto('login_failures')
      .values({ user_id: userId, consecutive_failures: 1 })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ consecutive_failures: sql<number>`login_failures.consecutive_failures + 1` }),
      )
      .returning(['consecutive_failures', 'locked_until'])
      .executeTakeFirstOrThrow();
    if (row.consecutive_failures < threshold) {
      return { lockedUntil: row.locked_until?.getTime() ?? 0, consecutiveFailures: row.consecutive_failures };
    }
    const lockedUntil = new Date(now + durationMs);
    await this.db
      .updateTable('login_failures')
      .set({ consecutive_failures: 0, locked_until: lockedUntil })
      .where('user_id', '=', userId)
      .execute();
    return { lockedUntil: lockedUntil.getTime(), consecutiveFailures: 0 };
  }

  async reset(userId: string): Promise<void> {
    await this.db
      .updateTable('login_failures')
      .set({ consecutive_failures: 0, locked_until: null })
      .where('user_id', '=', userId)
      .execute();
  }
}

export class DatabaseTotpReplayStore implements TotpReplayStore {
  constructor(private readonly db: Kysely<IdentityTables>) {}

  async claim(userId: string, timeStep: number): Promise<boolean> {
    // Compare-and-set in one statement: two requests with the same code cannot both win.
    const row = await this.db
      .updateTable('mfa_totp')
      .set({ last_time_step: timeStep })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', timeStep)]))
      .returning('user_id')
      .executeTakeFirst();
    return row !== undefined;
  }
}
