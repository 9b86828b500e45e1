// PlatformContext: what every part of the platform receives (configuration, the database,
// the logger, the clock, the data directory). Created once per process by `createContext`.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { IsolationSwitch } from './isolation/state.js';
import type { Registry } from 'prom-client';
import { pino } from 'pino';
import pinoPretty from 'pino-pretty';
import { guardLoggerOptions } from '@rampart/guard';
import type { LogDestination } from '@rampart/guard';
import type { LogFormat } from './assembly/log-format.js';
import type { PlatformConfig } from './config/index.js';
import { openDatabase } from './db/index.js';
import type { Database, DatabaseHandle } from './db/index.js';
import type { RedisHealthReader } from './shared-state/redis-metrics.js';
import { prepareSchema } from './db/startup.js';
import type { SecurityEvents } from './security-events/index.js';
import { assertLeastPrivilege } from './db/privileges/index.js';

export interface PlatformContext {
  readonly config: PlatformConfig;
  readonly db: Kysely<Database>;
  readonly logger: FastifyBaseLogger;
  /** Milliseconds since the epoch; injectable for tests. */
  now(): number;
  readonly dataDir: string;
  /** `pglite`: the embedded database, which only this process opens (no other instance can change
   * it behind this one's back); `postgres`: shared by every instance. */
  readonly databaseKind?: 'pglite' | 'postgres';
  /** With REDIS_URL: the health record of the process's one Redis connection (for /metrics). */
  readonly redis?: RedisHealthReader;
  /** The isolation mode in force (`rampart isolate`), kept fresh from the database (assembly). */
  readonly isolation?: IsolationSwitch;
  /** The platform's one metrics registry (assembly): /metrics and the METRICS_PORT listener
   * serve it; parts register their metrics in it. */
  readonly metrics?: Registry;
  /** The platform's security event emitter (security-events/), set by the assembly. */
  readonly securityEvents?: SecurityEvents;
}

export interface OpenContext {
  readonly ctx: PlatformContext;
  readonly database: DatabaseHandle;
  /** Closes the database (idempotent). */
  close(): Promise<void>;
}

export interface CreateContextOptions {
  /** An already open database (tests: a snapshot clone); otherwise opened from the config. */
  readonly database?: DatabaseHandle;
  readonly logger?: FastifyBaseLogger;
  /** Where log lines go when no logger is given (default standard output). */
  readonly logStream?: LogDestination;
  readonly logLevel?: string;
  /** `pretty`: readable lines for a terminal (see chooseLogFormat); default JSON lines. */
  readonly logFormat?: LogFormat;
  readonly now?: () => number;
  /** Apply pending migrations (default: in development and on the embedded database). */
  readonly migrate?: boolean;
  /** Embedded database: run as the least-privileged application role (default: when the
   * context opened the database itself). */
  readonly leastPrivilege?: boolean;
}

export interface LoggerOptions {
  readonly level?: string | undefined;
  readonly stream?: LogDestination | undefined;
  /** `pretty` formats each (already redacted) line for a human; default `json`. */
  readonly format?: LogFormat | undefined;
}

/** A pino logger with guard's redaction (the same options Fastify would use). */
export function createLogger(options: LoggerOptions = {}): FastifyBaseLogger {
  const { stream, ...loggerOptions } = guardLoggerOptions({ level: options.level, stream: options.stream }) as Record<string, unknown> & {
    stream?: LogDestination;
  };
  // pino-pretty as a stream in this thread: redaction has run before a line reaches it. Written
  // synchronously, so the last lines survive the explicit exit after a shutdown.
  const destination = options.format === 'pretty' ? pinoPretty({ colorize: true, destination: stream ?? 1, sync: true }) : stream;
  return (destination ? pino(loggerOptions, destination) : pino(loggerOptions)) as FastifyBaseLogger;
}

export async function createContext(config: PlatformConfig, options: CreateContextOptions = {}): Promise<OpenContext> {
  const logger = options.logger ?? createLogger({ level: options.logLevel, stream: options.logStream, format: options.logFormat });
  const database = options.database ?? (await openDatabase(config, logger));
  try {
    const migrateNow = options.migrate ?? (config.mode === 'development' || database.kind === 'pglite');
    const leastPrivilege = options.leastPrivilege ?? options.database === undefined;
    await prepareSchema(database, { migrate: migrateNow, leastPrivilege, logger });
    // Production on PostgreSQL: the application role must not be able to do more than it needs
    // (superuser, schema owner, DELETE/TRUNCATE, CREATE); the error names each excess.
    if (config.mode === 'production' && database.kind === 'postgres') await assertLeastPrivilege(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const ctx: PlatformContext = Object.freeze({
    config,
    db: database.db,
    logger,
    now: options.now ?? Date.now,
    dataDir: config.dataDir,
    databaseKind: database.kind,
  });
  return { ctx, database, close: () => database.close() };
}
