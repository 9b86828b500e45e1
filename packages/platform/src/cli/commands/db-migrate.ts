// `rampart db migrate`: applies pending migrations. The connection is chosen from
// DATABASE_MIGRATION_URL alone (the migration role; nothing else is needed, as the README's
// production steps run it). With neither DATABASE_MIGRATION_URL nor DATABASE_URL it migrates the
// embedded database, which needs the server stopped (the data directory is locked by whoever has
// it open). With DATABASE_URL alone it refuses: migrating through the application role would fail
// on a provisioned database, and the embedded database is not the one configured.
import { loadConfig, readEnvironment } from '../../config/index.js';
import { migrate, openEmbedded } from '../../db/index.js';
import { postgresMigrationTarget } from '../../db/migration-targets.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('takes no arguments');
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  if (config.databaseMigrationUrl === undefined && config.databaseUrl !== undefined) {
    throw new UsageError(
      'DATABASE_URL is set but DATABASE_MIGRATION_URL is not: migrations connect only through DATABASE_MIGRATION_URL (the migration role), ' +
        'and the embedded database is not the one configured. Fix: set DATABASE_MIGRATION_URL=postgres://rampart_migrator:<password>@<host>/<database>',
    );
  }
  const applied =
    config.databaseMigrationUrl !== undefined
      ? await migrate(postgresMigrationTarget(config.databaseMigrationUrl))
      : await migrateEmbedded(config);
  io.stdout.write(
    applied.length === 0
      ? `database is up to date (${where(config)})\n`
      : `applied ${applied.length} migration(s) to ${where(config)}:\n${applied.map((name) => `  ${name}\n`).join('')}`,
  );
  return 0;
}

async function migrateEmbedded(config: Parameters<typeof openEmbedded>[0]): Promise<readonly string[]> {
  const handle = await openEmbedded(config);
  try {
    return await migrate(handle.migrationTarget());
  } finally {
    await handle.close();
  }
}

/** Which database was migrated, without credentials. */
function where(config: ReturnType<typeof loadConfig>): string {
  if (config.databaseMigrationUrl === undefined) return 'the embedded database';
  const url = new URL(config.databaseMigrationUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}
