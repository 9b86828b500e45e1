// Test-only: a fresh PGlite with the platform's migrations applied, for query-level tests of
// this folder. Replaced by the shared snapshot helper (db/test-support/) once it exists.
import { readdir, readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import type { Database } from '../db/schema/index.js';

const migrationsDir = new URL('../db/migrations/', import.meta.url);

export async function migratedDatabase(): Promise<Kysely<Database>> {
  const pglite = new PGlite();
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  for (const file of files) await pglite.exec(await readFile(new URL(file, migrationsDir), 'utf8'));
  return new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
}

export async function insertUser(
  db: Kysely<Database>,
  role: 'free-user' | 'paid-individual' | 'admin' = 'paid-individual',
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({ id, email: `${id}@example.test`, display_name: `User ${id.slice(0, 8)}`, role })
    .execute();
  return id;
}
