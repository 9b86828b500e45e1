import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshPostgresDatabase } from './postgres-database.js';
import { postgresAvailable, POSTGRES_URL } from './services.js';

const pgUp = await postgresAvailable();

async function databaseExists(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe.runIf(pgUp)('freshPostgresDatabase', () => {
  it('creates a migrated database of its own and drops it on close', async () => {
    const handle = await freshPostgresDatabase();
    const tables = (await handle.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toContain('users');
    expect(tables).toContain('courses');
    const again = await freshPostgresDatabase(POSTGRES_URL);
    expect(again.url).not.toBe(handle.url);
    await handle.close();
    expect(await databaseExists(handle.url)).toBe(false);
    expect(await databaseExists(again.url)).toBe(true);
    await again.close();
  });
});
