// Refresh tokens: opaque 32 random bytes (base64url), stored only as SHA-256 hashes, grouped in
// families (one per login). Every refresh spends the presented token and issues the next one of
// the same family; presenting a spent token again means it was stolen (or replayed), so the
// whole family is revoked. A family ends 7 days after the login, whatever the rotations.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdentityTables } from '../../db/schema/identity.js';
import { isOpaqueTokenShape, randomToken, sha256Hex } from '../crypto/secrets.js';
import type { RequestOrigin, SecurityEvents } from '../../security-events/index.js';
import type { RevocationStore } from '../state/types.js';

export const REFRESH_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;
export const REFRESH_TOKEN_BYTES = 32;

export interface RefreshGrant {
  readonly token: string;
  readonly userId: string;
  readonly sessionId: string;
  readonly expiresAt: number;
}

export type RotationFailure = 'unknown' | 'reused' | 'revoked' | 'expired';

export class RefreshRotationError extends Error {
  override readonly name = 'RefreshRotationError';
  constructor(readonly reason: RotationFailure) {
    super(`refresh token refused: ${reason}`);
  }
}

/** The credential a login verified was changed (a password reset) before its session began. */
export class StaleCredentialError extends Error {
  override readonly name = 'StaleCredentialError';
  constructor() {
    super('the credential changed during the login');
  }
}

export class RefreshSessions {
  constructor(
    private readonly db: Kysely<IdentityTables>,
    private readonly revocations: RevocationStore,
    private readonly events: SecurityEvents,
    private readonly now: () => number,
  ) {}

  /** A new family for a login; with `credentialVersion` (from the login), only while that
   * credential is still the current one (else StaleCredentialError). `origin` (here and below):
   * the request the events belong to, if any. */
  async start(userId: string, credentialVersion?: string, origin?: RequestOrigin): Promise<RefreshGrant> {
    const sessionId = randomUUID();
    const now = this.now();
    const expiresAt = now + REFRESH_TOKEN_LIFETIME_MS;
    const token = randomToken(REFRESH_TOKEN_BYTES);
    await this.db.transaction().execute(async (tx) => {
      if (credentialVersion !== undefined) {
        // FOR SHARE: a password change waits until this family exists, and then its revokeAll
        // ends it; a change that came first makes the versions differ.
        const row = await tx.selectFrom('credentials').select('password_hash').where('user_id', '=', userId).forShare().executeTakeFirst();
        if (!row || sha256Hex(row.password_hash) !== credentialVersion) throw new StaleCredentialError();
      }
      await tx
        .insertInto('refresh_token_families')
        .values({ id: sessionId, user_id: userId, created_at: new Date(now), expires_at: new Date(expiresAt) })
        .execute();
      await tx
        .insertInto('refresh_tokens')
        .values({ token_hash: sha256Hex(token), family_id: sessionId, created_at: new Date(now) })
        .execute();
    });
    await this.events.record('session_created', { ...origin, userId, detail: { session: sessionId } });
    return { token, userId, sessionId, expiresAt };
  }

  /** Spends `presented` and returns the next token of its family, or throws RefreshRotationError. */
  async rotate(presented: unknown, origin?: RequestOrigin): Promise<RefreshGrant> {
    if (!isOpaqueTokenShape(presented, REFRESH_TOKEN_BYTES)) throw new RefreshRotationError('unknown');
    const hash = sha256Hex(presented);
    const now = this.now();
    const row = await this.db
      .selectFrom('refresh_tokens as t')
      .innerJoin('refresh_token_families as f', 'f.id', 't.family_id')
      .innerJoin('users as u', 'u.id', 'f.user_id')
      .select(['t.used_at', 'f.id as family_id', 'f.user_id', 'f.expires_at', 'f.revoked_at', 'u.locked_at'])
      .where('t.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) throw new RefreshRotationError('unknown');
    if (row.revoked_at !== null || row.locked_at !== null) throw new RefreshRotationError('revoked');
    if (row.expires_at.getTime() <= now) throw new RefreshRotationError('expired');
    if (row.used_at !== null) return this.#reuse(row.family_id, row.user_id, origin);

    const next = randomToken(REFRESH_TOKEN_BYTES);
    const spent = await this.db.transaction().execute(async (tx) => {
      // Compare-and-set: of two concurrent refreshes with the same token only one spends it.
      const updated = await tx
        .updateTable('refresh_tokens')
        .set({ used_at: new Date(now) })
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .returning('token_hash')
        .executeTakeFirst();
      if (!updated) return false;
      await tx
        .insertInto('refresh_tokens')
        .values({ token_hash: sha256Hex(next), family_id: row.family_id, created_at: new Date(now) })
        .execute();
      return true;
    });
    if (!spent) return this.#reuse(row.family_id, row.user_id, origin);
    return { token: next, userId: row.user_id, sessionId: row.family_id, expiresAt: row.expires_at.getTime() };
  }

  /** Revokes the family a refresh token belongs to (logout with the token). Unknown: no-op. */
  async revokeByToken(presented: unknown, reason: string, origin?: RequestOrigin): Promise<void> {
    if (!isOpaqueTokenShape(presented, REFRESH_TOKEN_BYTES)) return;
    const row = await this.db
      .selectFrom('refresh_tokens')
      .innerJoin('refresh_token_families as f', 'f.id', 'refresh_tokens.family_id')
      .select(['refresh_tokens.family_id', 'f.user_id'])
      .where('token_hash', '=', sha256Hex(presented))
      .executeTakeFirst();
    if (!row) return;
    await this.revocations.revokeSession(row.family_id, reason);
    await this.events.record('session_revoked', { ...origin, userId: row.user_id, detail: { session: row.family_id, reason } });
  }

  /** Revokes one session of a user (logout with the access token's `sid`). */
  async revokeSession(userId: string, sessionId: string, reason: string, origin?: RequestOrigin): Promise<void> {
    const owned = await this.db
      .selectFrom('refresh_token_families')
      .select('id')
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!owned) return;
    await this.revocations.revokeSession(sessionId, reason);
    await this.events.record('session_revoked', { ...origin, userId, detail: { session: sessionId, reason } });
  }

  /** Revokes every session of a user and every access token issued so far (password reset,
   * lock). The not-before mark is the next whole second: see AccessTokens.issue. */
  async revokeAll(userId: string, reason: string, origin?: RequestOrigin): Promise<void> {
    const now = this.now();
    await this.db
      .updateTable('refresh_token_families')
      .set({ revoked_at: new Date(now), revoked_reason: reason })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    await this.revocations.revokeBefore(userId, Math.floor(now / 1000) + 1);
    await this.events.record('session_revoked', { ...origin, userId, detail: { session: 'all', reason } });
  }

  async #reuse(familyId: string, userId: string, origin: RequestOrigin | undefined): Promise<never> {
    await this.revocations.revokeSession(familyId, 'reuse');
    await this.events.record('authn_token_reuse', { ...origin, userId, detail: { session: familyId } });
    throw new RefreshRotationError('reused');
  }
}
