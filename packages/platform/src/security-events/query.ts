// Reading the security event log back (`rampart events`): newest first, filtered by age, name
// and user, bounded in count.
import type { Kysely } from 'kysely';
import type { IdentityTables } from '../db/schema/identity.js';
import type { SecurityEventName } from './names.js';

export interface EventQuery {
  /** Only events at or after this instant (ms since the epoch). */
  readonly sinceMs: number;
  readonly type?: SecurityEventName;
  /** The user's email address (normalised to lower case). */
  readonly email?: string;
  readonly limit: number;
}

// A type, not an interface: a plain record, so that it travels as a control answer's value.
export type StoredEvent = {
  readonly at: string;
  readonly event: string;
  readonly userId: string | null;
  readonly email: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
};

export const MAX_EVENTS = 1000;

export async function listSecurityEvents(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database with identity's tables
  database: Kysely<any>,
  query: EventQuery,
): Promise<StoredEvent[]> {
  const db = database as Kysely<IdentityTables>;
  let select = db
    .selectFrom('security_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.at', 'e.kind', 'e.user_id', 'e.detail', 'u.email'])
    .where('e.at', '>=', new Date(query.sinceMs));
  if (query.type !== undefined) select = select.where('e.kind', '=', query.type);
  if (query.email !== undefined) select = select.where('u.email', '=', query.email.trim().toLowerCase());
  const rows = await select.orderBy('e.at', 'desc').limit(Math.min(query.limit, MAX_EVENTS)).execute();
  return rows.map((row) => ({
    at: new Date(row.at).toISOString(),
    event: row.kind,
    userId: row.user_id,
    email: row.email,
    detail: typeof row.detail === 'string' ? (JSON.parse(row.detail) as Record<string, unknown>) : row.detail,
  }));
}
