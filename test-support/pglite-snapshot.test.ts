import { describe, expect, it } from 'vitest';
import { freshDatabase } from './pglite-snapshot.js';

// The first call may build the snapshot (initdb + migrations).
describe('freshDatabase', { timeout: 240_000 }, () => {
  it('gives each caller its own migrated copy', async () => {
    const [a, b] = await Promise.all([freshDatabase(), freshDatabase()]);
    try {
      await a.db.schema.createTable('only_in_a').addColumn('x', 'integer').execute();
      const tables = async (h: typeof a) => (await h.db.introspection.getTables()).map((t) => t.name);
      expect(await tables(a)).toContain('users');
      expect(await tables(a)).toContain('only_in_a');
      expect(await tables(b)).toContain('users');
      expect(await tables(b)).not.toContain('only_in_a');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
