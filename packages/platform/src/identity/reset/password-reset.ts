// Password reset: a single-use random token (256 bits) stored as its SHA-256 hash, valid 30
// minutes, delivered through the outbox table, sealed (AES-256-GCM, key outside the database: a
// dump or the read-only role must not yield a working token), and through the log in development
// only. Confirming it
// sets the new password, clears the failed-login lockout and revokes every session and access
// token of the user. The request answer never depends on whether the account exists.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdentityTables } from '../../db/schema/identity.js';
import type { Accounts } from '../accounts/accounts.js';
import { isOpaqueTokenShape, randomToken, sha256Hex } from '../crypto/secrets.js';
import { spendSingleUseToken } from '../crypto/single-use-tokens.js';
import { IdentityError } from '../../errors/index.js';
import type { RequestOrigin, SecurityEvents } from '../../security-events/index.js';
import type { RefreshSessions } from '../sessions/refresh-sessions.js';
import type { LockoutStore } from '../state/types.js';
import type { SecretBox } from '../mfa/secret-box.js';
import { MAILS_PER_RECIPIENT_PER_HOUR, queueMail } from '../mail/outbox.js';

export const RESET_TOKEN_LIFETIME_MS = 30 * 60_000;
export const RESET_TOKEN_BYTES = 32;
/** Reset mails per account per hour (the contract's "3 / hour, client address and email": guard
 * limits the address; the outbox's mail throttle limits the email, in the database, atomically). */
export const RESET_REQUESTS_PER_ACCOUNT_PER_HOUR = MAILS_PER_RECIPIENT_PER_HOUR.password_reset;

export interface ResetDelivery {
  /** Development only: where the token is shown to the developer (the log). */
  readonly developmentLog?: (message: string, fields: Record<string, string>) => void;
}

export class PasswordReset {
  constructor(
    private readonly db: Kysely<IdentityTables>,
    private readonly accounts: Accounts,
    private readonly sessions: RefreshSessions,
    private readonly lockout: LockoutStore,
    private readonly events: SecurityEvents,
    private readonly now: () => number,
    private readonly outboxBox: SecretBox,
    private readonly delivery: ResetDelivery = {},
  ) {}

  /** For the mailer: the token of a queued `password_reset` outbox row. */
  openOutboxToken(row: { readonly id: string; readonly payload: unknown }): string {
    const sealed = (row.payload as { sealedToken?: unknown } | null)?.sealedToken;
    if (typeof sealed !== 'string') throw new Error('not a password reset outbox payload');
    return this.outboxBox.open(sealed, outboxContext(row.id));
  }

  /** Creates and queues a token when the account exists; does nothing visible otherwise.
   * `origin` (here and in confirm): the request the events belong to, if any. */
  async request(emailInput: unknown, origin?: RequestOrigin): Promise<void> {
    const userId = await this.accounts.findIdByEmail(emailInput);
    if (!userId) return;
    const user = await this.accounts.findById(userId);
    if (!user) return;
    const now = this.now();
    const token = randomToken(RESET_TOKEN_BYTES);
    const expiresAt = new Date(now + RESET_TOKEN_LIFETIME_MS);
    const queued = await this.db.transaction().execute(async (tx) => {
      const id = randomUUID();
      // The mail is reserved first (atomically capped per address): a throttled request stores
      // no token at all.
      const reserved = await queueMail(
        tx,
        {
          id,
          kind: 'password_reset',
          topic: 'password_reset',
          recipient: user.email,
          payload: { sealedToken: this.outboxBox.seal(token, outboxContext(id)), expiresAt: expiresAt.toISOString() },
        },
        now,
      );
      if (!reserved) return false;
      await tx
        .insertInto('password_reset_tokens')
        .values({ token_hash: sha256Hex(token), user_id: userId, created_at: new Date(now), expires_at: expiresAt })
        .execute();
      return true;
    });
    if (!queued) {
      // Silently: the answer is 202 either way, and no more mails reach the victim of a flood.
      await this.events.record('excess_rate_limit_exceeded', { ...origin, userId, detail: { limit: 'password_reset_mail' } });
      return;
    }
    await this.events.record('authn_token_created', { ...origin, userId, detail: { purpose: 'password_reset' } });
    this.delivery.developmentLog?.('password reset token (development only)', { email: user.email, token });
  }

  /** Spends the token and sets the new password; throws 400 invalid_reset_token or weak_password. */
  async confirm(token: unknown, newPassword: string, origin?: RequestOrigin): Promise<void> {
    if (!isOpaqueTokenShape(token, RESET_TOKEN_BYTES)) throw new IdentityError('ERR_IDENTITY_INVALID_RESET_TOKEN');
    // Checked before the token is spent, so that a rejected password does not burn it.
    this.accounts.assertAcceptablePassword(newPassword, []);
    const now = new Date(this.now());
    const userId = await spendSingleUseToken(this.db, 'password_reset_tokens', token, now);
    if (userId === undefined) throw new IdentityError('ERR_IDENTITY_INVALID_RESET_TOKEN');
    // Every other pending token of the user is spent too: an older, intercepted one must not
    // reset the password again after the owner has recovered the account.
    await this.db
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
    await this.accounts.setPassword(userId, newPassword);
    await this.lockout.reset(userId);
    await this.sessions.revokeAll(userId, 'password_reset', origin);
    await this.events.record('authn_password_change', { ...origin, userId, detail: { via: 'reset' } });
  }
}

/** Associated data of a sealed token: it opens only for the outbox row it was written to. */
function outboxContext(outboxId: string): string {
  return `outbox:${outboxId}`;
}
