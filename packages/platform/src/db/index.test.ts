import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'rampart-embedded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Two PGlite starts (one initdb); slow on a loaded machine.
describe('openEmbedded', { timeout: 240_000 }, () => {
  it('persists data across restarts and refuses a second opener meanwhile', async () => {
    const config = { dataDir: join(root, 'data'), mode: 'development' as const };
    const first = await openEmbedded(config);
    try {
      await first.db.schema.createTable('notes').addColumn('body', 'text').execute();
      await first.db.insertInto('notes' as never).values({ body: 'kept' } as never).execute();
      await expect(openEmbedded(config)).rejects.toThrow(/already open in this process/);
    } finally {
      await first.close();
    }
    const second = await openEmbedded(config);
    try {
      const rows = await sql<{ body: string }>`SELECT body FROM notes`.execute(second.db);
      expect(rows.rows).toEqual([{ body: 'kept' }]);
    } finally {
      await second.close();
    }
  });
});
