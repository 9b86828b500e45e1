// `rampart events [--since 1h] [--type T] [--user E] [--limit N] [--format text|json]`: the
// security event log, newest first. With a server running, through its control socket (the
// embedded database belongs to that process); with none, on the database directly.
import { Writable } from 'node:stream';
import { closest } from '@rampart/cli-kit';
import { loadConfig, readEnvironment } from '../../config/index.js';
import { createContext } from '../../context.js';
import { sendControlRequest } from '../../identity/control/client.js';
import type { EventsListRequest } from '../../identity/control/events-request.js';
import { MAX_EVENTS, SECURITY_EVENT_NAMES, isSecurityEventName, listSecurityEvents, type StoredEvent } from '../../security-events/index.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';
import { parseFlags } from './users.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DEFAULT_SINCE = '24h';
const DEFAULT_LIMIT = 100;

export interface EventsOptions {
  readonly query: Omit<EventsListRequest, 'op' | 'sinceMs'> & { readonly sinceMs: number };
  readonly format: 'text' | 'json';
}

/** Pure: `30s`, `15m`, `1h`, `7d` -> milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  if (!match || Number(match[1]) === 0) throw new UsageError(`--since ${text.slice(0, 40)}: give an age like 30s, 15m, 1h or 7d`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** Pure: the arguments -> what to list and how; UsageError (exit 2) names the bad flag. */
export function parseEventsArgs(args: readonly string[], now: number): EventsOptions {
  const flags = parseFlags(args, ['since', 'type', 'user', 'limit', 'format']);
  const sinceMs = now - parseDuration(flags.since ?? DEFAULT_SINCE);
  const type = flags.type;
  if (type !== undefined && !isSecurityEventName(type)) {
    const suggestion = closest(type, SECURITY_EVENT_NAMES);
    const shown = type.slice(0, 64).replace(/[^\x20-\x7e]/g, '?');
    throw new UsageError(`--type ${shown} is not an event name${suggestion ? `; did you mean ${suggestion}?` : ''} (docs/operations.md lists them)`);
  }
  const limit = flags.limit === undefined ? DEFAULT_LIMIT : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_EVENTS}`);
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  if (flags.user !== undefined && !flags.user.includes('@')) throw new UsageError('--user takes the email address of an account');
  return {
    query: { sinceMs, limit, ...(type === undefined ? {} : { type }), ...(flags.user === undefined ? {} : { email: flags.user }) },
    format,
  };
}

/** Printable ASCII only: stored values (a client's request id) never reach the terminal raw. */
const printable = (value: unknown): string => String(value).replace(/[^\x20-\x7e]/g, '?');

/** Pure: one line per event. */
export function formatEventsText(events: readonly StoredEvent[]): string {
  if (events.length === 0) return 'no security events in that time\n';
  return events
    .map((e) => {
      const fields = Object.entries(e.detail).map(([key, value]) => `${printable(key)}=${printable(typeof value === 'object' ? JSON.stringify(value) : value)}`);
      return [e.at, e.event.padEnd(26), e.email ?? e.userId ?? '-', ...fields].map(printable).join('  ');
    })
    .join('\n')
    .concat('\n');
}

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

async function readEvents(io: CliIo, query: EventsOptions['query']): Promise<StoredEvent[]> {
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  const viaServer = await sendControlRequest(config.dataDir, { op: 'events.list', ...query });
  if (viaServer) {
    if (!viaServer.ok) throw new Error(viaServer.error);
    return viaServer.result.events as StoredEvent[];
  }
  const context = await createContext(config, { logStream: quiet });
  try {
    return await listSecurityEvents(context.ctx.db, query);
  } finally {
    await context.close();
  }
}

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseEventsArgs(args, Date.now());
  const events = await readEvents(io, options.query);
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(events, null, 2)}\n` : formatEventsText(events));
  return 0;
}
