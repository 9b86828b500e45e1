// The `sys_admin_action` security event every runbook command writes (`rampart isolate`,
// `rampart sessions revoke`, ...): which action, with what, when. Never a secret.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';

export type AdminActionDetail = Readonly<Record<string, string | number | boolean>>;

export async function recordAdminAction(db: Kysely<Database>, now: Date, action: string, detail: AdminActionDetail = {}): Promise<void> {
  await db
    .insertInto('security_events')
    .values({ id: randomUUID(), at: now, kind: 'sys_admin_action', user_id: null, detail: JSON.stringify({ action, ...detail }) })
    .execute();
}
