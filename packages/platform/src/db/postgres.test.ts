// openPostgres against the real PostgreSQL: lost connections are logged, not fatal, and an
// unreachable database is the StorageUnavailableError, never a raw driver error.
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../errors/index.js';
import { closedPort } from '../../../../test-support/ports.js';
import { postgresAvailable, POSTGRES_URL } from '../../../../test-support/services.js';
import { openPostgres } from './index.js';

describe('openPostgres when the database is unreachable', { timeout: 30_000 }, () => {
  it('turns the connection failure into the StorageUnavailableError', async () => {
    const handle = openPostgres(`postgres://nobody@127.0.0.1:${await closedPort()}/none`);
    try {
      const error = await sql`SELECT 1`.execute(handle.db).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ code: 'ERR_DATABASE_UNAVAILABLE', retryAfterSeconds: 5 });
    } finally {
      await handle.close();
    }
  });
});

const pgUp = await postgresAvailable();

describe.runIf(pgUp)('openPostgres on the real PostgreSQL', { timeout: 30_000 }, () => {
  it('survives an idle connection killed by the server, logs it, and reconnects', async () => {
    const warnings: unknown[] = [];
    const handle = openPostgres(POSTGRES_URL, POSTGRES_URL, { warn: (obj) => warnings.push(obj) });
    try {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(handle.db);
      const pid = rows[0]?.pid as number;
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      // The idle client's 'error' arrives asynchronously.
      for (let i = 0; i < 50 && warnings.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warnings.length).toBeGreaterThan(0);
      const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(handle.db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await handle.close();
    }
  });

  it('returns int8 as a number, as PGlite does', async () => {
    const handle = openPostgres(POSTGRES_URL);
    try {
      const { rows } = await sql<{ n: unknown }>`SELECT 9007199254740991::int8 AS n`.execute(handle.db);
      expect(rows[0]?.n).toBe(9_007_199_254_740_991);
    } finally {
      await handle.close();
    }
  });
});
