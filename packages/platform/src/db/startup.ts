// Schema at start-up: development and the embedded database migrate themselves; a production
// PostgreSQL is migrated by the operator (`rampart db migrate`, migration role) and the server
// only checks, through its own least-privileged connection, that nothing is pending. A database
// that cannot be reached is StorageUnavailableError here too (not "no migration history").
import { sql } from 'kysely';
import { StorageUnavailableError } from '../errors/index.js';
import { databaseUnavailableAsStorageError } from '../production/database-unavailable.js';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from './index.js';
import { migrate, MigrationError, pendingMigrations, readMigrations } from './migrate.js';
import type { AppliedMigration } from './migrate.js';
import { applyLeastPrivilege } from './provision/index.js';

export interface PrepareSchemaOptions {
  readonly migrate: boolean;
  /** Embedded database only: switch the session to the application role afterwards. */
  readonly leastPrivilege?: boolean;
  readonly logger: Pick<FastifyBaseLogger, 'info'>;
}

export async function prepareSchema(handle: DatabaseHandle, options: PrepareSchemaOptions): Promise<void> {
  if (options.migrate) {
    // The migration connection is its own (not the mapped application pool): map it here.
    const applied = await migrate(handle.migrationTarget()).catch((error: unknown) => {
      throw databaseUnavailableAsStorageError(error);
    });
    if (applied.length > 0) options.logger.info({ migrations: applied }, 'database migrated');
    if (handle.kind === 'pglite' && options.leastPrivilege === true) await applyLeastPrivilege(handle.db);
    return;
  }
  let applied: AppliedMigration[];
  try {
    applied = (await sql<AppliedMigration>`SELECT name, checksum FROM rampart_migrations ORDER BY name`.execute(handle.db)).rows;
  } catch (error) {
    if (error instanceof StorageUnavailableError) throw error;
    throw new MigrationError('the database has no migration history; run `rampart db migrate` first', { cause: error });
  }
  const pending = pendingMigrations(readMigrations(), applied);
  if (pending.length > 0) {
    throw new MigrationError(
      `the database lacks migrations ${pending.map((m) => m.name).join(', ')}; run \`rampart db migrate\` first`,
    );
  }
}
