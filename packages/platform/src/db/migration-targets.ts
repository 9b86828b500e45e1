// The two MigrationTargets. Migration files hold several statements (and may hold DDL that
// Kysely's builder does not model), so they run through each driver's simple-query path;
// the bookkeeping statements use bound parameters.
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { MIGRATIONS_TABLE_SQL } from './migrate.js';
import type { AppliedMigration, MigrationFile, MigrationTarget } from './migrate.js';

const SELECT_APPLIED = 'SELECT name, checksum FROM rampart_migrations ORDER BY name';
const INSERT_APPLIED = 'INSERT INTO rampart_migrations (name, checksum) VALUES ($1, $2)';
/** Arbitrary constant naming Rampart's migration lock among PostgreSQL advisory locks. */
const ADVISORY_LOCK_ID = 727_270_001;

/** PGlite has one connection owned by this process (and a lock file), so no extra lock. */
export function pgliteMigrationTarget(pglite: PGlite): MigrationTarget {
  return {
    async prepare() {
      await pglite.exec(MIGRATIONS_TABLE_SQL);
    },
    async applied() {
      return (await pglite.query<AppliedMigration>(SELECT_APPLIED)).rows;
    },
    async apply(migration: MigrationFile) {
      await pglite.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.query(INSERT_APPLIED, [migration.name, migration.checksum]);
      });
    },
    async finish() {},
  };
}

/** PostgreSQL through one client of the migration role, serialised across processes by an
 * advisory lock so that two instances starting together do not both migrate. */
export function postgresMigrationTarget(connectionString: string): MigrationTarget {
  const client = new pg.Client({ connectionString, application_name: 'rampart-migrate', connectionTimeoutMillis: 10_000 });
  let connected = false;
  return {
    async prepare() {
      await client.connect();
      connected = true;
      await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_ID]);
      await client.query(MIGRATIONS_TABLE_SQL);
    },
    async applied() {
      return (await client.query<AppliedMigration>(SELECT_APPLIED)).rows;
    },
    async apply(migration: MigrationFile) {
      await client.query('BEGIN');
      try {
        // No parameters: pg uses the simple-query protocol, which accepts several statements.
        await client.query(migration.sql);
        await client.query(INSERT_APPLIED, [migration.name, migration.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async finish() {
      if (!connected) return;
      try {
        await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_ID]);
      } finally {
        await client.end();
      }
    },
  };
}
