// A throw-away database (and unique role names, since roles are cluster-wide) on the local
// PostgreSQL for one test file. `drop()` removes the database and the roles.
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { POSTGRES_URL } from '../../../../../../test-support/services.js';
import { roleNamesWithPrefix } from '../roles.js';
import type { RoleNames } from '../roles.js';

export interface TestCluster {
  readonly database: string;
  readonly roles: RoleNames;
  /** URL of the new database as `role` (trust authentication on the test machine). */
  urlAs(role: string): string;
  /** A Kysely connected to the new database as `role` (closed by `drop`). */
  connect(role: string): Kysely<Record<string, never>>;
  drop(): Promise<void>;
}

export function kyselyFor(url: string): Kysely<Record<string, never>> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // DROP DATABASE ... WITH (FORCE) ends sessions that are still closing: not a test failure.
  pool.on('error', () => {});
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

export async function createTestCluster(): Promise<TestCluster> {
  const suffix = randomBytes(5).toString('hex');
  const database = `rampart_test_${suffix}`;
  const roles = roleNamesWithPrefix(`rt_${suffix}`);
  const server = kyselyFor(POSTGRES_URL);
  await sql`CREATE DATABASE ${sql.id(database)}`.execute(server);
  const open: Kysely<Record<string, never>>[] = [];
  const urlAs = (role: string) => {
    const url = new URL(POSTGRES_URL);
    url.username = role;
    url.password = '';
    url.pathname = `/${database}`;
    return url.toString();
  };
  return {
    database,
    roles,
    urlAs,
    connect(role) {
      const db = kyselyFor(urlAs(role));
      open.push(db);
      return db;
    },
    async drop() {
      await Promise.all(open.map((db) => db.destroy()));
      await sql`DROP DATABASE IF EXISTS ${sql.id(database)} WITH (FORCE)`.execute(server);
      for (const role of [roles.migrator, roles.app, roles.readonly, `rt_${suffix}_extra`]) {
        await sql`DROP ROLE IF EXISTS ${sql.id(role)}`.execute(server);
      }
      await server.destroy();
    },
  };
}
