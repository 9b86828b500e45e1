// Migration 0005 on a database that holds events under the earlier names: each row gets its
// OWASP name, and what the old name said beyond it stays in the detail; the rest is untouched.
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../db/migrate.js';
import { pgliteMigrationTarget } from '../db/migration-targets.js';
import { isSecurityEventName } from './names.js';

const RENAMED: readonly (readonly [string, string, Record<string, string>])[] = [
  ['login_succeeded', 'authn_login_success', {}],
  ['login_failed', 'authn_login_fail', { reason: 'wrong_password' }],
  ['account_locked_out', 'authn_login_lock', {}],
  ['refresh_token_reused', 'authn_token_reuse', {}],
  ['user_registered', 'user_created', {}],
  ['logout', 'session_revoked', {}],
  ['password_changed', 'authn_password_change', { via: 'change' }],
  ['password_reset_completed', 'authn_password_change', { via: 'reset' }],
  ['password_reset_requested', 'authn_token_created', { purpose: 'password_reset' }],
  ['password_reset_throttled', 'excess_rate_limit_exceeded', { limit: 'password_reset_mail' }],
  ['mfa_enrolled', 'user_updated', { change: 'mfa_enrolled' }],
  ['mfa_activated', 'user_updated', { change: 'mfa_activated' }],
  ['mfa_recovery_code_used', 'user_updated', { change: 'mfa_recovery_code_used' }],
  ['mfa_reset', 'user_updated', { change: 'mfa_reset' }],
  ['email_verified', 'user_updated', { change: 'email_verified' }],
  ['user_locked', 'user_updated', { change: 'locked' }],
  ['user_unlocked', 'user_updated', { change: 'unlocked' }],
];

let pglite: PGlite;
const ids = new Map<string, string>();

beforeAll(async () => {
  pglite = new PGlite();
  const files = readMigrations();
  const at = files.findIndex((f) => f.name === '0005_owasp_security_event_names.sql');
  expect(at).toBeGreaterThan(0);
  await migrate(pgliteMigrationTarget(pglite), files.slice(0, at));
  for (const [old] of RENAMED) {
    const id = randomUUID();
    ids.set(old, id);
    const detail = old === 'login_failed' ? '{"reason":"wrong_password"}' : '{}';
    await pglite.query('INSERT INTO security_events (id, kind, detail) VALUES ($1, $2, $3::jsonb)', [id, old, detail]);
  }
  await migrate(pgliteMigrationTarget(pglite), files);
}, 120_000);

afterAll(async () => {
  await pglite.close();
});

describe('0005_owasp_security_event_names', () => {
  it.each(RENAMED)('%s becomes %s with detail %j', async (old, name, detail) => {
    const { rows } = await pglite.query<{ kind: string; detail: Record<string, unknown> }>('SELECT kind, detail FROM security_events WHERE id = $1', [ids.get(old)]);
    expect(rows).toEqual([{ kind: name, detail }]);
    expect(isSecurityEventName(name)).toBe(true);
  });

  it('leaves no earlier name behind', async () => {
    const { rows } = await pglite.query<{ kind: string }>('SELECT DISTINCT kind FROM security_events');
    expect(rows.every((row) => isSecurityEventName(row.kind))).toBe(true);
  });
});
