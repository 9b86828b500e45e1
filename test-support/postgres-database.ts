// A new, migrated platform database on the real PostgreSQL (test-support/services.ts's
// POSTGRES_URL by default), private to the caller and dropped again on close.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../packages/platform/src/db/migrate.js';
import { openPostgres } from '../packages/platform/src/db/index.js';
import type { DatabaseHandle } from '../packages/platform/src/db/index.js';
import { POSTGRES_URL } from './services.js';

/** A new, migrated database on the PostgreSQL server at `serverUrl`, dropped again on close. */
export async function freshPostgresDatabase(serverUrl: string = POSTGRES_URL): Promise<DatabaseHandle & { readonly url: string }> {
  const name = `rampart_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // The name is generated above from hex digits only; identifiers cannot be bound parameters.
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.href);
  await migrate(handle.migrationTarget());
  return {
    ...handle,
    url: url.href,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
