// Email address verification (REQUIRE_VERIFIED_EMAIL): registration queues a single-use token
// (256 bits, stored as its SHA-256, sealed in the outbox like reset tokens, valid 24 hours) to
// the address; `POST /auth/verify {token}` marks the address verified. Until then a login
// answers the same 401 as a wrong password, so registering and then logging in tells nobody
// whether an address already had an account.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { IdentityTables } from '../../db/schema/identity.js';
import { isOpaqueTokenShape, randomToken, sha256Hex } from '../crypto/secrets.js';
import { spendSingleUseToken } from '../crypto/single-use-tokens.js';
import { IdentityError } from '../../errors/index.js';
import type { RequestOrigin, SecurityEvents } from '../../security-events/index.js';
import { queueMail } from '../mail/outbox.js';
import type { SecretBox } from '../mfa/secret-box.js';

export const VERIFICATION_TOKEN_LIFETIME_MS = 24 * 3_600_000;
export const VERIFICATION_TOKEN_BYTES = 32;

export class EmailVerification {
  constructor(
    private readonly db: Kysely<IdentityTables>,
    private readonly outboxBox: SecretBox,
    private readonly events: SecurityEvents,
    private readonly now: () => number,
    /** Development only: where the token is shown to the developer (the log). */
    private readonly developmentLog?: (message: string, fields: Record<string, string>) => void,
  ) {}

  /** Queues a verification mail for a new account, inside the registration's transaction. */
  async issue(tx: Transaction<IdentityTables>, userId: string, email: string): Promise<void> {
    const now = this.now();
    const token = randomToken(VERIFICATION_TOKEN_BYTES);
    const expiresAt = new Date(now + VERIFICATION_TOKEN_LIFETIME_MS);
    const id = randomUUID();
    const queued = await queueMail(
      tx,
      {
        id,
        kind: 'email_verification',
        topic: 'email_verification',
        recipient: email,
        payload: { sealedToken: this.outboxBox.seal(token, `outbox:${id}`), expiresAt: expiresAt.toISOString() },
      },
      now,
    );
    if (!queued) return;
    await tx.insertInto('email_verification_tokens').values({ token_hash: sha256Hex(token), user_id: userId, created_at: new Date(now), expires_at: expiresAt }).execute();
    this.developmentLog?.('email verification token (development only)', { email, token });
  }

  /** Spends the token and marks the address verified; 400 invalid_verification_token otherwise.
   * `origin`: the request the event belongs to. */
  async confirm(token: unknown, origin?: RequestOrigin): Promise<void> {
    if (!isOpaqueTokenShape(token, VERIFICATION_TOKEN_BYTES)) throw new IdentityError('ERR_IDENTITY_INVALID_VERIFICATION_TOKEN');
    const userId = await spendSingleUseToken(this.db, 'email_verification_tokens', token, new Date(this.now()));
    if (userId === undefined) throw new IdentityError('ERR_IDENTITY_INVALID_VERIFICATION_TOKEN');
    await this.markVerified(userId, origin);
  }

  /** `rampart users verify` and `rampart users add`: verified by an operator. */
  async markVerified(userId: string, origin?: RequestOrigin): Promise<void> {
    await this.db.updateTable('users').set({ email_verified_at: new Date(this.now()) }).where('id', '=', userId).where('email_verified_at', 'is', null).execute();
    await this.events.record('user_updated', { ...origin, userId, detail: { change: 'email_verified' } });
  }
}
