// Ordered SQL migrations: migrations/NNNN_name.sql, applied in order, each in its own
// transaction together with its row in `rampart_migrations` (name + SHA-256 of the file).
// A migration that changed after it was applied stops the run: history is never rewritten.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the .sql files live. dist/db/ and src/db/ sit at the same depth, so this path works
 * both from the compiled CLI and from the TypeScript sources under test. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));

export interface MigrationFile {
  readonly name: string;
  readonly checksum: string;
  readonly sql: string;
}

export interface AppliedMigration {
  readonly name: string;
  readonly checksum: string;
}

/** What the runner needs from a database: implemented for PGlite and for PostgreSQL. */
export interface MigrationTarget {
  /** Creates the bookkeeping table and takes the migration lock. */
  prepare(): Promise<void>;
  applied(): Promise<AppliedMigration[]>;
  /** Runs the file's statements and records it, in one transaction. */
  apply(migration: MigrationFile): Promise<void>;
  /** Releases the migration lock. */
  finish(): Promise<void>;
}

export class MigrationError extends Error {
  readonly code = 'RAMPART_ERR_DB_MIGRATION';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const FILE_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;

export const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS rampart_migrations (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const names = readdirSync(dir).filter((name) => name.endsWith('.sql')).sort();
  const seen = new Set<string>();
  return names.map((name) => {
    if (!FILE_NAME.test(name)) {
      throw new MigrationError(`migration file ${name} must be named NNNN_lower_snake.sql`);
    }
    const number = name.slice(0, 4);
    if (seen.has(number)) throw new MigrationError(`two migrations share the number ${number}`);
    seen.add(number);
    const sql = readFileSync(join(dir, name), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** Checks applied history against the files and returns the ones still to apply. */
export function pendingMigrations(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationFile[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const done of applied) {
    const file = byName.get(done.name);
    if (!file) {
      throw new MigrationError(`the database has migration ${done.name}, which this version does not know; run a newer version`);
    }
    if (file.checksum !== done.checksum) {
      throw new MigrationError(
        `migration ${done.name} changed after it was applied; add a new migration instead (in development: delete the data directory to start over)`,
      );
    }
  }
  const doneNames = new Set(applied.map((m) => m.name));
  const pending = files.filter((file) => !doneNames.has(file.name));
  const lastApplied = applied.map((m) => m.name).sort().at(-1);
  const outOfOrder = lastApplied === undefined ? undefined : pending.find((file) => file.name < lastApplied);
  if (outOfOrder) {
    throw new MigrationError(`migration ${outOfOrder.name} sorts before the already applied ${lastApplied}; renumber it after ${lastApplied}`);
  }
  return pending;
}

/** Applies every pending migration in order; returns the names applied. */
export async function migrate(target: MigrationTarget, files: readonly MigrationFile[] = readMigrations()): Promise<string[]> {
  await target.prepare();
  try {
    const pending = pendingMigrations(files, await target.applied());
    for (const migration of pending) {
      try {
        await target.apply(migration);
      } catch (error) {
        throw new MigrationError(`migration ${migration.name} failed and was rolled back`, { cause: error });
      }
    }
    return pending.map((m) => m.name);
  } finally {
    await target.finish();
  }
}

/** Names of migrations not yet applied (no changes made beyond the bookkeeping table). */
export async function pendingNames(target: MigrationTarget, files: readonly MigrationFile[] = readMigrations()): Promise<string[]> {
  await target.prepare();
  try {
    return pendingMigrations(files, await target.applied()).map((m) => m.name);
  } finally {
    await target.finish();
  }
}
