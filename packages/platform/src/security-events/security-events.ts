// SecurityEvents: the one place a security event is emitted. Each event is one structured JSON
// log line (event, level, request id, user id, client address, detail) and one row of the
// security_events table; listeners (the metrics counter) are told synchronously. Never a secret:
// detail keys that look sensitive (password, token, secret, ...) are dropped before anything
// is written.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isSensitiveKey } from '@rampart/guard';
import type { IdentityTables } from '../db/schema/identity.js';
import { SECURITY_EVENT_LEVELS, type SecurityEventLevel, type SecurityEventName } from './names.js';
import { listSecurityEvents, type EventQuery, type StoredEvent } from './query.js';

export type EventDetail = Readonly<Record<string, string | number | boolean>>;

export interface SecurityEventFields {
  /** users.id, when the event concerns a known local user. */
  readonly userId?: string | null;
  /** The request the event happened in, if any: the caller passes its RequestOrigin
   * (origin.ts), usually as `...origin`. None outside a request (the CLI). */
  readonly requestId?: string;
  readonly client?: string;
  readonly detail?: EventDetail;
}

/** One emitted event, as listeners and the log line see it. */
export interface SecurityEvent {
  readonly event: SecurityEventName;
  readonly level: SecurityEventLevel;
  readonly at: Date;
  readonly userId: string | null;
  readonly requestId?: string;
  readonly client?: string;
  readonly detail: EventDetail;
}

export type SecurityEventSink = (event: SecurityEvent) => void;

export interface EventLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SecurityEventsOptions {
  // Any database whose tables include security_events (Kysely's generics are invariant).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  readonly db: Kysely<any>;
  readonly now: () => number;
  readonly logger: EventLogger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FOREIGN_KEY_VIOLATION = '23503';

function withoutSecrets(detail: EventDetail): EventDetail {
  const kept: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(detail)) {
    if (!isSensitiveKey(key)) kept[key] = detail[key] as string | number | boolean;
  }
  return kept;
}

export class SecurityEvents {
  readonly #db: Kysely<IdentityTables>;
  readonly #now: () => number;
  readonly #logger: EventLogger;
  readonly #sinks = new Set<SecurityEventSink>();

  constructor(options: SecurityEventsOptions) {
    this.#db = options.db as Kysely<IdentityTables>;
    this.#now = options.now;
    this.#logger = options.logger;
  }

  /** Listens to every event from now on; returns the unsubscribe. */
  onEvent(sink: SecurityEventSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  /** Logs, tells the listeners and stores the event; resolves once the row is written. */
  async record(name: SecurityEventName, fields: SecurityEventFields = {}): Promise<void> {
    const { requestId, client } = fields;
    const event: SecurityEvent = {
      event: name,
      level: SECURITY_EVENT_LEVELS[name],
      at: new Date(this.#now()),
      // Only a users.id is a user id (a subject of an outside identity provider is not).
      userId: fields.userId && UUID.test(fields.userId) ? fields.userId : null,
      ...(requestId === undefined ? {} : { requestId }),
      ...(client === undefined ? {} : { client }),
      detail: withoutSecrets(fields.detail ?? {}),
    };
    this.#logger[event.level](
      { securityEvent: event.event, requestId: event.requestId, userId: event.userId, client: event.client, detail: event.detail },
      `security event ${event.event}`,
    );
    for (const sink of this.#sinks) sink(event);
    await this.#store(event);
  }

  /** An operator command changed the system (`rampart keys rotate`, runbook commands):
   * `sys_admin_action` with detail { action, ...detail }. */
  sysAdminAction(action: string, detail: EventDetail = {}, userId: string | null = null): Promise<void> {
    return this.record('sys_admin_action', { userId, detail: { ...detail, action } });
  }

  /** The stored events, newest first (`rampart events`). */
  list(query: EventQuery): Promise<StoredEvent[]> {
    return listSecurityEvents(this.#db, query);
  }

  /** For a synchronous caller (guard's hook): records without waiting; a failure is logged. */
  recordInBackground(name: SecurityEventName, fields: SecurityEventFields = {}): void {
    this.record(name, fields).catch((error: unknown) => {
      this.#logger.error({ err: error, securityEvent: name }, 'storing a security event failed (it was logged)');
    });
  }

  async #store(event: SecurityEvent): Promise<void> {
    const row = {
      id: randomUUID(),
      at: event.at,
      kind: event.event,
      detail: JSON.stringify({
        ...event.detail,
        ...(event.requestId === undefined ? {} : { requestId: event.requestId }),
        ...(event.client === undefined ? {} : { client: event.client }),
      }),
    };
    try {
      await this.#db.insertInto('security_events').values({ ...row, user_id: event.userId }).execute();
    } catch (error) {
      // A user id that names no user (deleted, or an outside subject shaped like a UUID): kept as detail.
      if ((error as { code?: unknown }).code !== FOREIGN_KEY_VIOLATION || event.userId === null) throw error;
      const detail = JSON.stringify({ ...(JSON.parse(row.detail) as object), subject: event.userId });
      await this.#db.insertInto('security_events').values({ ...row, detail, user_id: null }).execute();
    }
  }
}
