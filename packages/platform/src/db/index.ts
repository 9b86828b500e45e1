// Opens the platform's database: embedded PGlite under RAMPART_DATA_DIR by default, or a
// PostgreSQL pool when DATABASE_URL is set. Kysely is the only query interface handed out.
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../config/index.js';
import type { PlatformConfig } from '../config/index.js';
import { withDatabaseUnavailableMapping } from '../production/database-unavailable.js';
import { acquireLock, ensureDataDir } from './data-dir.js';
import { pgliteMigrationTarget, postgresMigrationTarget } from './migration-targets.js';
import type { MigrationTarget } from './migrate.js';
import type { Database } from './schema/index.js';

export type { Database } from './schema/index.js';
export { migrate, pendingNames, readMigrations, MigrationError, MIGRATIONS_DIR } from './migrate.js';

export interface DatabaseHandle {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<Database>;
  /** A target for the migration runner (the migration role's connection on PostgreSQL). */
  migrationTarget(): MigrationTarget;
  /** Closes every connection (and releases the embedded database's lock). Idempotent. */
  close(): Promise<void>;
}

const PG_INT8_OID = 20;

/** Wraps an open PGlite instance (the server's, or a test clone). */
export function pgliteHandle(pglite: PGlite, onClose: () => void = () => {}): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  let closed: Promise<void> | undefined;
  return {
    kind: 'pglite',
    db,
    migrationTarget: () => pgliteMigrationTarget(pglite),
    close() {
      closed ??= (async () => {
        try {
          await db.destroy();
          if (!pglite.closed) await pglite.close();
        } finally {
          onClose();
        }
      })();
      return closed;
    },
  };
}

/** Opens (creating on first start) the embedded database in `<dataDir>/pgdata`. */
export async function openEmbedded(config: Pick<PlatformConfig, 'dataDir' | 'mode'>): Promise<DatabaseHandle> {
  ensureDataDir(config.dataDir, config.mode);
  const release = acquireLock(join(config.dataDir, 'pgdata.lock'), `the embedded database in ${config.dataDir}`);
  try {
    const pgdata = join(config.dataDir, 'pgdata');
    const pglite = await PGlite.create({ dataDir: pgdata });
    chmodSync(pgdata, 0o700);
    return pgliteHandle(pglite, release);
  } catch (error) {
    release();
    throw error;
  }
}

/** Where connection-level errors of idle or checked-out clients are reported. */
export interface DatabaseLogger {
  warn(obj: object, msg: string): void;
}

export function openPostgres(
  applicationUrl: string,
  migrationUrl: string = applicationUrl,
  logger?: DatabaseLogger,
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: applicationUrl,
    max: 10,
    application_name: 'rampart',
    connectionTimeoutMillis: 5_000,
    // A runaway query is cut off instead of holding a connection forever.
    statement_timeout: 10_000,
    idle_in_transaction_session_timeout: 10_000,
    // int8 as number, as PGlite returns it, so both storage modes give the same types.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // node-postgres emits 'error' on an idle client whose connection dies, and on a checked-out
  // client between two queries; without listeners either one ends the process. The pool
  // replaces the client; the request in progress gets the StorageUnavailableError of the mapping below.
  const onClientError = (error: Error) =>
    logger?.warn({ code: (error as { code?: unknown }).code ?? 'unknown' }, 'database connection lost');
  pool.on('error', onClientError);
  pool.on('connect', (client) => client.on('error', onClientError));
  // "Database unreachable" (refused, reset, timed out, too many connections) becomes
  // StorageUnavailableError (a 503 with Retry-After at the HTTP edge, not a 500), whichever
  // route or layer ran the query.
  const db = new Kysely<Database>({ dialect: withDatabaseUnavailableMapping(new PostgresDialect({ pool })) });
  let closed: Promise<void> | undefined;
  return {
    kind: 'postgres',
    db,
    migrationTarget: () => postgresMigrationTarget(migrationUrl),
    close() {
      // Kysely's destroy ends the pool.
      closed ??= db.destroy();
      return closed;
    },
  };
}

export function openDatabase(config: PlatformConfig, logger?: DatabaseLogger): Promise<DatabaseHandle> {
  if (config.databaseUrl === undefined && config.databaseMigrationUrl !== undefined) {
    // A PostgreSQL deployment with DATABASE_URL forgotten: opening the embedded database
    // instead would serve (or change) an empty database nobody meant to use.
    return Promise.reject(
      new ConfigError([
        {
          variable: 'DATABASE_URL',
          problem: 'is unset while DATABASE_MIGRATION_URL names a PostgreSQL database, so this command would open the embedded database instead',
          fix: 'set DATABASE_URL=postgres://rampart_app:<password>@<host>/<database> (the application role), or unset DATABASE_MIGRATION_URL to use the embedded database',
        },
      ]),
    );
  }
  if (config.databaseUrl !== undefined) {
    // The data directory still holds the signing keys and the control socket: same rules.
    ensureDataDir(config.dataDir, config.mode);
    return Promise.resolve(openPostgres(config.databaseUrl, config.databaseMigrationUrl, logger));
  }
  return openEmbedded(config);
}
