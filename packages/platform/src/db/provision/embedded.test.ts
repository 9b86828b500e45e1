// Least privilege in the embedded mode: the same migrations, the same roles through SET ROLE.
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteHandle } from '../index.js';
import type { DatabaseHandle } from '../index.js';
import { migrate } from '../migrate.js';
import { assertLeastPrivilege, findExcessPrivileges } from '../privileges/index.js';
import { applyLeastPrivilege, connectAsApp, resetRole } from './embedded.js';
import { DEFAULT_ROLE_NAMES } from './roles.js';
import { FORBIDDEN_FOR_APP, expectPermissionDenied } from './test-support/forbidden.js';

describe('least privilege in PGlite through SET ROLE', () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = pgliteHandle(await PGlite.create());
    await migrate(handle.migrationTarget());
    const report = await applyLeastPrivilege(handle.db);
    expect(report.created).toEqual(['rampart_migrator', 'rampart_app', 'rampart_readonly']);
    // Migrations ran as the superuser: their tables now belong to the migrator.
    expect(report.ownershipMoved).toContain('users');
  }, 180_000); // a fresh PGlite (initdb) is slow on a loaded 2-core machine

  afterAll(async () => {
    await handle?.close();
  });

  it('runs every query as the application role', async () => {
    const { rows } = await sql<{ me: string }>`select current_user as me`.execute(handle.db);
    expect(rows[0]?.me).toBe(DEFAULT_ROLE_NAMES.app);
    await expect(assertLeastPrivilege(handle.db)).resolves.toBe('rampart_app');
  });

  it('still lets the application SELECT, INSERT and UPDATE', async () => {
    const id = randomUUID();
    await handle.db.insertInto('users').values({ id, email: `${id}@example.com`, display_name: 'Grace', role: 'free-user' }).execute();
    await handle.db.updateTable('users').set({ display_name: 'Grace H.' }).where('id', '=', id).execute();
    const row = await handle.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
    expect(row).toEqual({ display_name: 'Grace H.' });
  });

  it.each(FORBIDDEN_FOR_APP)('refuses %s', async (label, statement) => {
    await expectPermissionDenied(handle.db, statement, label);
  });

  it('is idempotent across restarts (migrate as superuser again, re-apply, nothing changes)', async () => {
    await resetRole(handle.db);
    expect((await findExcessPrivileges(handle.db)).excess.map((e) => e.detail)).toContain('is a superuser');
    expect(await migrate(handle.migrationTarget())).toEqual([]);
    const again = await applyLeastPrivilege(handle.db);
    expect(again.created).toEqual([]);
    expect(again.ownershipMoved).toEqual([]);
    await connectAsApp(handle.db);
    expect((await findExcessPrivileges(handle.db)).excess).toEqual([]);
  });
});
