// The `events.list` control request (`rampart events` while a server runs): validated here, so
// that a malformed one is refused before it reaches the database.
import { MAX_EVENTS, isSecurityEventName, type SecurityEventName } from '../../security-events/index.js';

export interface EventsListRequest {
  readonly op: 'events.list';
  /** Events at or after this instant (ms since the epoch). */
  readonly sinceMs: number;
  readonly type?: SecurityEventName;
  readonly email?: string;
  readonly limit: number;
}

export function parseEventsListRequest(v: Readonly<Record<string, unknown>>): EventsListRequest | undefined {
  const { sinceMs, type, email, limit } = v;
  if (typeof sinceMs !== 'number' || !Number.isFinite(sinceMs)) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS) return undefined;
  if (type !== undefined && !(typeof type === 'string' && isSecurityEventName(type))) return undefined;
  if (email !== undefined && !(typeof email === 'string' && email.length <= 1024)) return undefined;
  return { op: 'events.list', sinceMs, limit, ...(type === undefined ? {} : { type }), ...(email === undefined ? {} : { email }) };
}
