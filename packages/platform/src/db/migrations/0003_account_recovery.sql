-- Account recovery and mail hygiene (the outside review's findings):
-- one-time MFA recovery codes, a per-recipient mail throttle enforced atomically, and email
-- address verification before the first login. Nothing is deleted: codes and tokens are spent.

CREATE TABLE mfa_recovery_codes (
  -- SHA-256 of the normalised code (hex): 80 random bits, so a fast hash is enough.
  code_hash text PRIMARY KEY CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);

CREATE INDEX mfa_recovery_codes_user_idx ON mfa_recovery_codes (user_id) WHERE used_at IS NULL;

-- Mails queued per recipient, kind and hour. The count is raised by one upsert that only
-- succeeds below the cap, so parallel requests cannot queue more than the cap.
CREATE TABLE mail_throttle (
  recipient text NOT NULL,
  kind text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 64),
  window_start timestamptz NOT NULL,
  queued integer NOT NULL CHECK (queued >= 0),
  PRIMARY KEY (recipient, kind, window_start)
);

-- When the owner proved they read mail at the address; NULL: not yet. Accounts that exist now
-- were created before verification existed and count as verified.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
UPDATE users SET email_verified_at = created_at;

CREATE TABLE email_verification_tokens (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('password_reset', 'account_notice', 'email_verification'));
