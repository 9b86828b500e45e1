// Schema at start-up: development and the embedded database migrate themselves; a production
// PostgreSQL is migrated by the operator (`rampart db migrate`, migration role) and the server
// only checks, through its own least-privileged connection, that nothing is pending.
import { sql } from 'kysely';
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
    const applied = await migrate(handle.migrationTarget());
    if (applied.length > 0) options.logger.info({ migrations: applied }, 'database migrated');
    if (handle.kind === 'pglite' && options.leastPrivilege === true) await applyLeastPrivilege(handle.db);
    return;
  }
  let applied: AppliedMigration[];
  try {
    applied = (await sql<AppliedMigration>`SELECT name, checksum FROM rampart_migrations ORDER BY name`.execute(handle.db)).rows;
  } catch (error) {
    throw new MigrationError('the database has no migration history; run `rampart db migrate` first', { cause: error });
  }
  const pending = pendingMigrations(readMigrations(), applied);
  if (pending.length > 0) {
    throw new MigrationError(
      `the database lacks migrations ${pending.map((m) => m.name).join(', ')}; run \`rampart db migrate\` first`,
    );
  }
}
