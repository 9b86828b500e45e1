// SecurityEvents on a migrated PGlite: every name gives one log line of the agreed shape at its
// level, one stored row and one count; secrets in the detail never reach the line or the row;
// the request id and client passed in the fields reach both; a user id that names no user is
// kept as detail.
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/index.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import { registerSecurityEventMetrics } from './metrics.js';
import { SECURITY_EVENT_LEVELS, SECURITY_EVENT_NAMES, isSecurityEventName } from './names.js';
import { listSecurityEvents } from './query.js';
import { SecurityEvents } from './security-events.js';

interface Logged {
  readonly level: 'info' | 'warn' | 'error';
  readonly obj: Record<string, unknown>;
  readonly msg: string | undefined;
}

const logged: Logged[] = [];
const logger = {
  info: (obj: object, msg?: string) => logged.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
  warn: (obj: object, msg?: string) => logged.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  error: (obj: object, msg?: string) => logged.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
};
const NOW = Date.parse('2026-06-01T12:00:00Z');
let database: DatabaseHandle;
let events: SecurityEvents;
let registry: Registry;
let userId: string;

beforeAll(async () => {
  database = await freshDatabase();
  events = new SecurityEvents({ db: database.db, now: () => NOW, logger });
  registry = new Registry();
  registerSecurityEventMetrics(registry, events);
  userId = randomUUID();
  await database.db
    .insertInto('users')
    .values({ id: userId, email: `events-${userId.slice(0, 8)}@example.test`, display_name: 'Events', role: 'free-user' })
    .execute();
});

afterAll(async () => {
  await database.close();
});

async function count(name: string): Promise<number> {
  const metric = await registry.getSingleMetric('rampart_security_events_total')?.get();
  return metric?.values.find((v) => v.labels.event === name)?.value ?? Number.NaN;
}

describe('SecurityEvents', () => {
  it('starts every name at 0 on the counter', async () => {
    for (const name of SECURITY_EVENT_NAMES) expect(await count(name)).toBe(0);
  });

  it.each(SECURITY_EVENT_NAMES)('%s: one log line at its level, one row, one count', async (name) => {
    logged.length = 0;
    const requestId = `req-${name}`;
    await events.record(name, { requestId, client: '198.51.100.7', userId, detail: { reason: 'test' } });
    expect(logged).toEqual([
      {
        level: SECURITY_EVENT_LEVELS[name],
        obj: { securityEvent: name, requestId, userId, client: '198.51.100.7', detail: { reason: 'test' } },
        msg: `security event ${name}`,
      },
    ]);
    const rows = await database.db.selectFrom('security_events').selectAll().where('kind', '=', name).execute();
    const row = rows.find((r) => (r.detail as { requestId?: string }).requestId === requestId);
    expect(row).toMatchObject({ kind: name, user_id: userId, detail: { reason: 'test', requestId, client: '198.51.100.7' } });
    expect(new Date(row?.at ?? 0).getTime()).toBe(NOW);
    expect(await count(name)).toBe(1);
  });

  it('drops detail keys that look secret from the line and the row', async () => {
    logged.length = 0;
    await events.record('authn_password_change', { userId, requestId: 'req-secret', detail: { via: 'change', password: 'hunter2 hunter2', refreshToken: 'abc', totp: '123456' } });
    const text = JSON.stringify(logged);
    expect(text).not.toMatch(/hunter2|abc|123456/);
    expect(logged[0]?.obj.detail).toEqual({ via: 'change' });
    const rows = await database.db.selectFrom('security_events').select('detail').where('kind', '=', 'authn_password_change').execute();
    const stored = rows.map((r) => r.detail).find((d) => (d as { requestId?: string }).requestId === 'req-secret');
    expect(stored).toEqual({ via: 'change', requestId: 'req-secret' });
  });

  it('outside a request: no request id or client; a subject that is not a users.id is no user id', async () => {
    logged.length = 0;
    await events.record('authz_fail', { userId: 'auth0|outside-subject' });
    expect(logged[0]?.obj).toEqual({ securityEvent: 'authz_fail', requestId: undefined, userId: null, client: undefined, detail: {} });
  });

  it('keeps an event whose user id names no user, with the id as detail', async () => {
    const ghost = randomUUID();
    await events.record('authn_login_fail', { userId: ghost, requestId: 'req-ghost' });
    const rows = await database.db.selectFrom('security_events').selectAll().where('kind', '=', 'authn_login_fail').execute();
    const row = rows.find((r) => (r.detail as { requestId?: string }).requestId === 'req-ghost');
    expect(row).toMatchObject({ user_id: null, detail: { subject: ghost } });
  });

  it('sysAdminAction records sys_admin_action with the action', async () => {
    await events.sysAdminAction('keys.rotate', { kid: 'k2' });
    const [latest] = await listSecurityEvents(database.db, { sinceMs: NOW - 1000, type: 'sys_admin_action', limit: 10 });
    expect(latest).toMatchObject({ event: 'sys_admin_action', detail: { action: 'keys.rotate', kid: 'k2' } });
  });

  it('lists by age, name and email, newest first', async () => {
    const email = (await database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email;
    const mine = await listSecurityEvents(database.db, { sinceMs: NOW - 1000, email: email.toUpperCase(), limit: 1000 });
    expect(mine.length).toBeGreaterThanOrEqual(SECURITY_EVENT_NAMES.length);
    expect(mine.every((e) => e.userId === userId && e.email === email)).toBe(true);
    expect(await listSecurityEvents(database.db, { sinceMs: NOW + 1, limit: 10 })).toEqual([]);
  });

  it('knows its names', () => {
    expect(isSecurityEventName('authn_login_fail')).toBe(true);
    expect(isSecurityEventName('login_failed')).toBe(false);
    expect(isSecurityEventName('toString')).toBe(false);
  });
});
