// Turns "the database cannot be reached" (refused, reset, timed out, terminated, too many
// connections) into the StorageUnavailableError (ERR_DATABASE_UNAVAILABLE, with a retry hint)
// instead of a raw driver error: the request may succeed later. The HTTP edge answers it 503 with
// Retry-After (errors/http-mapping.ts), the CLI with its own message. Other database errors stay
// what they are (a 500 with a reference). See docs/production.md and the PostgreSQL fault test.
import type { AbortableOperationOptions, CompiledQuery, DatabaseConnection, Dialect, Driver } from 'kysely';
import { StorageUnavailableError } from '../errors/index.js';

export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket-level codes, and SQLSTATEs of class 08 (connection exception), 57P01..57P03 (server
 * shutting down or starting), 53300 (too many connections). */
const CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
/** node-postgres raises these without a code. */
const MESSAGES = /^(?:Connection terminated(?: unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Connection ended unexpectedly)$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}

/** The error to raise: the StorageUnavailableError for an unreachable database, the error itself otherwise. */
export function databaseUnavailableAsStorageError(error: unknown): unknown {
  if (error instanceof StorageUnavailableError || !isDatabaseUnavailable(error)) return error;
  return new StorageUnavailableError('ERR_DATABASE_UNAVAILABLE', { cause: error, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
}

const mappedConnections = new WeakSet<DatabaseConnection>();

/** A Kysely dialect whose every query (and connection attempt) turns "database unreachable"
 * into the StorageUnavailableError, whatever route or layer runs it. Wrap the PostgreSQL dialect:
 * `new Kysely({ dialect: withDatabaseUnavailableMapping(new PostgresDialect({ pool })) })`. */
export function withDatabaseUnavailableMapping(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => {
      const driver: Driver = dialect.createDriver();
      const acquire = driver.acquireConnection.bind(driver);
      driver.acquireConnection = async (options) => {
        let connection: DatabaseConnection;
        try {
          connection = await acquire(options);
        } catch (error) {
          throw databaseUnavailableAsStorageError(error);
        }
        if (!mappedConnections.has(connection)) {
          const execute = connection.executeQuery.bind(connection);
          // An own property shadowing the prototype's method; the driver keeps using this object.
          connection.executeQuery = (async (query: CompiledQuery, queryOptions?: AbortableOperationOptions) => {
            try {
              return await execute(query, queryOptions);
            } catch (error) {
              throw databaseUnavailableAsStorageError(error);
            }
          }) as DatabaseConnection['executeQuery'];
          mappedConnections.add(connection);
        }
        return connection;
      };
      return driver;
    },
  };
}
