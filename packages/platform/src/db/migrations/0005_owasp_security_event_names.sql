-- Security events under the OWASP Logging Vocabulary's names (docs/operations.md, "Security
-- events"). Rows stored under the earlier names are renamed; what the old name said beyond the
-- OWASP one is kept in the detail (`change`, `via`, `purpose`).

UPDATE security_events SET kind = 'authn_login_success' WHERE kind = 'login_succeeded';
UPDATE security_events SET kind = 'authn_login_fail' WHERE kind = 'login_failed';
UPDATE security_events SET kind = 'authn_login_lock' WHERE kind = 'account_locked_out';
UPDATE security_events SET kind = 'authn_token_reuse' WHERE kind = 'refresh_token_reused';
UPDATE security_events SET kind = 'user_created' WHERE kind = 'user_registered';
UPDATE security_events SET kind = 'session_revoked' WHERE kind = 'logout';

UPDATE security_events SET kind = 'authn_password_change', detail = detail || '{"via": "change"}'::jsonb
  WHERE kind = 'password_changed';
UPDATE security_events SET kind = 'authn_password_change', detail = detail || '{"via": "reset"}'::jsonb
  WHERE kind = 'password_reset_completed';
UPDATE security_events SET kind = 'authn_token_created', detail = detail || '{"purpose": "password_reset"}'::jsonb
  WHERE kind = 'password_reset_requested';
UPDATE security_events SET kind = 'excess_rate_limit_exceeded', detail = detail || '{"limit": "password_reset_mail"}'::jsonb
  WHERE kind = 'password_reset_throttled';

UPDATE security_events SET kind = 'user_updated', detail = detail || jsonb_build_object('change', kind)
  WHERE kind IN ('mfa_enrolled', 'mfa_activated', 'mfa_recovery_code_used', 'mfa_reset', 'email_verified');
UPDATE security_events SET kind = 'user_updated', detail = detail || '{"change": "locked"}'::jsonb
  WHERE kind = 'user_locked';
UPDATE security_events SET kind = 'user_updated', detail = detail || '{"change": "unlocked"}'::jsonb
  WHERE kind = 'user_unlocked';

-- `rampart events --type T --since D` reads by name and time.
CREATE INDEX security_events_kind_idx ON security_events (kind, at);
CREATE INDEX security_events_at_idx ON security_events (at);
