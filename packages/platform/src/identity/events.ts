// The security event log (security_events table): who, what, when; never a secret or password.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdentityTables } from '../db/schema/identity.js';

export type SecurityEventKind =
  | 'login_succeeded'
  | 'login_failed'
  | 'account_locked_out'
  | 'user_registered'
  | 'refresh_token_reused'
  | 'password_reset_requested'
  | 'password_reset_throttled'
  | 'password_reset_completed'
  | 'password_changed'
  | 'mfa_enrolled'
  | 'mfa_activated'
  | 'mfa_recovery_code_used'
  | 'mfa_reset'
  | 'email_verified'
  | 'user_locked'
  | 'user_unlocked'
  | 'logout';

export class SecurityEvents {
  constructor(
    private readonly db: Kysely<IdentityTables>,
    private readonly now: () => number,
  ) {}

  async record(kind: SecurityEventKind, userId: string | null, detail: Record<string, string | number | boolean> = {}): Promise<void> {
    await this.db
      .insertInto('security_events')
      .values({ id: randomUUID(), at: new Date(this.now()), kind, user_id: userId, detail: JSON.stringify(detail) })
      .execute();
  }
}
