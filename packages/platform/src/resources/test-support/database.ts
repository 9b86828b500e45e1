// Test-only helpers for this folder's query tests: a migrated database from the shared test
// support (a PGlite clone of the migrated snapshot, or a fresh database on the real
// PostgreSQL), and users inserted the way identity stores them.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { UserRole } from '../../db/schema/identity.js';
import { freshDatabase } from '../../../../../test-support/pglite-snapshot.js';
import { freshPostgresDatabase } from '../../../../../test-support/postgres-database.js';
import { POSTGRES_URL } from '../../../../../test-support/services.js';

export interface TestDatabase {
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

export type Engine = 'pglite' | 'postgres';

export function migratedDatabase(engine: Engine = 'pglite'): Promise<TestDatabase> {
  return engine === 'pglite' ? freshDatabase() : freshPostgresDatabase(POSTGRES_URL);
}

export async function insertUser(db: Kysely<Database>, role: UserRole = 'paid-individual'): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({ id, email: `${id}@example.test`, display_name: `User ${id.slice(0, 8)}`, role })
    .execute();
  return id;
}
