// Kysely table types of migrations/0001_identity.sql. Keep the two in step.
import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: read as Date, written as Date (or an ISO string). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz column with a database default. */
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;

export type UserRole = 'free-user' | 'paid-individual' | 'admin';

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  role: UserRole;
  created_at: TimestampDefault;
  locked_at: Timestamp | null;
  tokens_not_before: Timestamp | null;
  /** NULL until the owner proved they read mail at the address (migration 0003). */
  email_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CredentialsTable {
  user_id: string;
  password_hash: string;
  updated_at: TimestampDefault;
}

export interface MfaTotpTable {
  user_id: string;
  secret_ciphertext: string;
  created_at: TimestampDefault;
  activated_at: Timestamp | null;
  last_time_step: number | null;
}

export interface LoginFailuresTable {
  user_id: string;
  consecutive_failures: Generated<number>;
  locked_until: Timestamp | null;
}

export interface RefreshTokenFamiliesTable {
  id: string;
  user_id: string;
  created_at: TimestampDefault;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  created_at: TimestampDefault;
  used_at: Timestamp | null;
}

export interface PasswordResetTokensTable {
  token_hash: string;
  user_id: string;
  created_at: TimestampDefault;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface OutboxTable {
  id: string;
  kind: 'password_reset' | 'account_notice' | 'email_verification';
  recipient: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  created_at: TimestampDefault;
  sent_at: Timestamp | null;
}

export interface SecurityEventsTable {
  id: string;
  at: TimestampDefault;
  kind: string;
  user_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface MfaRecoveryCodesTable {
  code_hash: string;
  user_id: string;
  created_at: TimestampDefault;
  used_at: Timestamp | null;
}

export interface MailThrottleTable {
  recipient: string;
  kind: string;
  window_start: Timestamp;
  queued: number;
}

export interface EmailVerificationTokensTable {
  token_hash: string;
  user_id: string;
  created_at: TimestampDefault;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface IdentityTables {
  users: UsersTable;
  credentials: CredentialsTable;
  mfa_totp: MfaTotpTable;
  login_failures: LoginFailuresTable;
  refresh_token_families: RefreshTokenFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  password_reset_tokens: PasswordResetTokensTable;
  outbox: OutboxTable;
  security_events: SecurityEventsTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mail_throttle: MailThrottleTable;
  email_verification_tokens: EmailVerificationTokensTable;
}
