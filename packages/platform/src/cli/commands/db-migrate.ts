// `rampart db migrate`: applies pending migrations. On PostgreSQL it connects as the migration
// role (DATABASE_MIGRATION_URL, else DATABASE_URL); on the embedded database it needs the
// server stopped (the data directory is locked by whoever has it open).
import { loadConfig, readEnvironment } from '../../config/index.js';
import { migrate, openDatabase } from '../../db/index.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('takes no arguments');
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  const handle = await openDatabase(config);
  try {
    const applied = await migrate(handle.migrationTarget());
    io.stdout.write(
      applied.length === 0
        ? 'database is up to date\n'
        : `applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join('')}`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}
