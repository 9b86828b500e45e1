import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { readMigrations } from './migrate.js';
import { prepareSchema } from './startup.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';

const silent = { info: () => undefined };

describe('prepareSchema without migrating (production on PostgreSQL)', { timeout: 240_000 }, () => {
  it('accepts a fully migrated database', async () => {
    const handle = await freshDatabase();
    try {
      await expect(prepareSchema(handle, { migrate: false, logger: silent })).resolves.toBeUndefined();
    } finally {
      await handle.close();
    }
  });

  it('refuses a database with a migration missing, naming it and the command', async () => {
    const handle = await freshDatabase();
    try {
      // The newest one: an older one missing is refused as out of order instead.
      const newest = (readMigrations().at(-1) as { name: string }).name;
      await sql`DELETE FROM rampart_migrations WHERE name = ${newest}`.execute(handle.db);
      await expect(prepareSchema(handle, { migrate: false, logger: silent })).rejects.toThrow(
        `lacks migrations ${newest}; run \`rampart db migrate\` first`,
      );
    } finally {
      await handle.close();
    }
  });

  it('refuses a database without migration history', async () => {
    const handle = await freshDatabase();
    try {
      await sql`DROP TABLE rampart_migrations`.execute(handle.db);
      await expect(prepareSchema(handle, { migrate: false, logger: silent })).rejects.toThrow(/no migration history/);
    } finally {
      await handle.close();
    }
  });

  it('migrating is a no-op on an up-to-date database and logs nothing', async () => {
    const handle = await freshDatabase();
    const lines: unknown[] = [];
    try {
      await prepareSchema(handle, { migrate: true, logger: { info: (...args: unknown[]) => lines.push(args) } });
      expect(lines).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
