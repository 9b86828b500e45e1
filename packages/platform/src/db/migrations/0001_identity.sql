-- Identity: accounts, credentials, TOTP MFA, lockout counters, refresh-token families,
-- password-reset tokens, the outbox that delivers reset mail, and the security event log.
-- The application never deletes: tokens are spent (`used_at`), families revoked (`revoked_at`),
-- accounts locked (`locked_at`). Secrets are stored only as hashes (tokens, passwords) or
-- encrypted (TOTP secrets). Signing keys live in files under RAMPART_DATA_DIR/keys, not here.

CREATE TABLE users (
  id uuid PRIMARY KEY,
  -- Lower-cased at the application boundary; unique so that one address is one account.
  email text NOT NULL UNIQUE CHECK (char_length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
  role text NOT NULL DEFAULT 'free-user' CHECK (role IN ('free-user', 'paid-individual', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Set by an operator (`rampart users lock`); NULL means active.
  locked_at timestamptz,
  -- Access tokens issued before this instant are refused (lock, password reset); NULL: none.
  tokens_not_before timestamptz
);

CREATE TABLE credentials (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  -- Argon2id PHC string: algorithm and parameters travel with the hash.
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mfa_totp (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  -- AES-256-GCM ciphertext (iv.tag.data, base64url) under a key from the data directory.
  secret_ciphertext text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  -- RFC 6238 time step of the last accepted code: a code is accepted once.
  last_time_step integer
);

-- Consecutive failed logins per account (lockout). Only used by the database-backed store.
CREATE TABLE login_failures (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  locked_until timestamptz
);

CREATE TABLE refresh_token_families (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Absolute expiry: rotation never extends a family beyond it.
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text
);

CREATE INDEX refresh_token_families_user_idx ON refresh_token_families (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
  -- SHA-256 of the opaque token (hex); the token itself is never stored.
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  family_id uuid NOT NULL REFERENCES refresh_token_families (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

CREATE TABLE password_reset_tokens (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Messages to deliver (password-reset mail, account notices). A mailer marks them sent and
-- blanks the payload (UPDATE: the application never deletes).
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('password_reset', 'account_notice')),
  recipient text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);

CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;

-- Security events (login failures, lockouts, token reuse, resets, locks). Never holds secrets.
CREATE TABLE security_events (
  id uuid PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 64),
  user_id uuid REFERENCES users (id),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX security_events_user_idx ON security_events (user_id, at);
