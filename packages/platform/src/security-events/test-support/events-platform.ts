// The real platform for the security-event HTTP tests: assemblePlatform on a migrated PGlite in a
// temporary data directory, listening on 127.0.0.1, its log captured line by line, and the
// lookups those tests make (calls that report the request id the client saw, an event's rows,
// its log line).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { assemblePlatform, type Platform } from '../../assembly/assemble-platform.js';
import { loadConfig, type Env } from '../../config/index.js';
import { freshDatabase } from '../../../../../test-support/pglite-snapshot.js';
import type { SecurityEventName } from '../names.js';

export interface Answer {
  readonly status: number;
  /** The X-Request-ID the client saw. */
  readonly requestId: string;
  /** The JSON body; `{}` when there is none. */
  readonly body: Record<string, unknown>;
}

export interface CallOptions {
  readonly body?: unknown;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export interface EventsPlatform {
  readonly platform: Platform;
  /** Every log line, parsed, in order. */
  readonly lines: Record<string, unknown>[];
  /** The same lines as written. */
  readonly rawLines: string[];
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** The event's rows, of one request when `requestId` is given. */
  rowsOf(event: SecurityEventName, requestId?: string): ReturnType<typeof selectEvents>;
  /** The request's rows of the event, waiting for them (some are recorded after the answer). */
  eventuallyRows(event: SecurityEventName, requestId: string): ReturnType<typeof selectEvents>;
  logLineOf(event: SecurityEventName, requestId: string): Record<string, unknown>;
  close(): Promise<void>;
}

function selectEvents(platform: Platform, event: SecurityEventName) {
  return platform.ctx.db.selectFrom('security_events').selectAll().where('kind', '=', event).execute();
}

/** `env`: the platform's settings (development, with its own data directory); `identityEnv`:
 * identity's (REFRESH_TOKEN_IN_BODY...). */
export async function startEventsPlatform(env: Env, identityEnv: Record<string, string>): Promise<EventsPlatform> {
  const lines: Record<string, unknown>[] = [];
  const rawLines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        rawLines.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'rampart-events-'));
  const config = loadConfig({ RAMPART_ENV: 'development', ...env, RAMPART_DATA_DIR: dataDir }, dataDir);
  const platform = await assemblePlatform(config, {
    database: await freshDatabase(),
    logStream: capture,
    migrate: true,
    leastPrivilege: true,
    identity: { controlSocket: false, env: identityEnv },
  });
  const base = await platform.listen({ host: '127.0.0.1', port: 0 });

  const rowsOf = async (event: SecurityEventName, requestId?: string) => {
    const rows = await selectEvents(platform, event);
    return requestId === undefined ? rows : rows.filter((row) => (row.detail as { requestId?: string }).requestId === requestId);
  };

  return {
    platform,
    lines,
    rawLines,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await request(`${base}${path}`, {
        method: method as 'GET',
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const text = await response.body.text();
      return { status: response.statusCode, requestId: String(response.headers['x-request-id']), body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
    },
    rowsOf,
    async eventuallyRows(event, requestId) {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const rows = await rowsOf(event, requestId);
        if (rows.length > 0) return rows;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${event} row for request ${requestId}`);
    },
    logLineOf(event, requestId) {
      const line = lines.find((l) => l.securityEvent === event && l.requestId === requestId);
      if (!line) throw new Error(`no ${event} log line for request ${requestId}`);
      return line;
    },
    async close() {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
