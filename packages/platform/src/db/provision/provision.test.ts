// Least privilege on the real PostgreSQL: a throw-away database, unique role names, the platform's
// own migrations applied as the migrator, then every forbidden operation attempted as the app.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../../test-support/services.js';
import { migrate } from '../migrate.js';
import { postgresMigrationTarget } from '../migration-targets.js';
import { findExcessPrivileges, assertLeastPrivilege, ExcessPrivilegeError } from '../privileges/index.js';
import { provisionRoles } from './provision.js';
import type { RolePasswords } from './provision.js';
import { ProvisionError } from './roles.js';
import { scramVerifier } from './scram.js';
import { createTestCluster } from './test-support/test-cluster.js';
import type { TestCluster } from './test-support/test-cluster.js';
import { FORBIDDEN_FOR_APP, expectPermissionDenied } from './test-support/forbidden.js';

const available = await postgresAvailable();
const password = () => randomBytes(24).toString('base64url');

describe.runIf(available)('rampart db provision on PostgreSQL', () => {
  let cluster: TestCluster;
  let admin: Kysely<Record<string, never>>;
  let app: Kysely<Record<string, never>>;
  let readonly: Kysely<Record<string, never>>;
  let migrator: Kysely<Record<string, never>>;
  const passwords: RolePasswords = { migrator: password(), app: password(), readonly: password() };
  const userId = randomUUID();

  beforeAll(async () => {
    cluster = await createTestCluster();
    admin = cluster.connect('postgres');
    const report = await provisionRoles(admin, { roles: cluster.roles, passwords });
    expect(report.created).toEqual([cluster.roles.migrator, cluster.roles.app, cluster.roles.readonly]);
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    app = cluster.connect(cluster.roles.app);
    readonly = cluster.connect(cluster.roles.readonly);
    migrator = cluster.connect(cluster.roles.migrator);
  });

  afterAll(async () => {
    await cluster?.drop();
  });

  it('lets the application role SELECT, INSERT and UPDATE', async () => {
    await sql`INSERT INTO users (id, email, display_name) VALUES (${userId}, ${`${userId}@example.com`}, 'Ada')`.execute(app);
    await sql`UPDATE users SET display_name = 'Ada L.' WHERE id = ${userId}`.execute(app);
    const { rows } = await sql<{ display_name: string }>`SELECT display_name FROM users WHERE id = ${userId}`.execute(app);
    expect(rows).toEqual([{ display_name: 'Ada L.' }]);
    const history = await sql<{ name: string }>`SELECT name FROM rampart_migrations ORDER BY name`.execute(app);
    expect(history.rows.length).toBeGreaterThanOrEqual(2);
  });

  it.each(FORBIDDEN_FOR_APP)('refuses %s to the application role', async (label, statement) => {
    await expectPermissionDenied(app, statement, label);
  });

  it('lets the read-only role SELECT and nothing else', async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(readonly);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1);
    await expectPermissionDenied(readonly, sql`INSERT INTO courses (id, title) VALUES (${randomUUID()}, 'x')`, 'INSERT');
    await expectPermissionDenied(readonly, sql`UPDATE users SET display_name = 'x'`, 'UPDATE');
    await expectPermissionDenied(readonly, sql`DELETE FROM users`, 'DELETE');
  });

  it('applies the same rules to tables the migrator creates later (default privileges)', async () => {
    await sql`CREATE TABLE later_things (id int PRIMARY KEY, label text)`.execute(migrator);
    await sql`INSERT INTO later_things VALUES (1, 'a')`.execute(app);
    await sql`UPDATE later_things SET label = 'b' WHERE id = 1`.execute(app);
    await expectPermissionDenied(app, sql`DELETE FROM later_things`, 'DELETE on a later table');
    await expectPermissionDenied(app, sql`TRUNCATE later_things`, 'TRUNCATE on a later table');
    expect((await sql<{ label: string }>`SELECT label FROM later_things`.execute(readonly)).rows).toEqual([{ label: 'b' }]);
    await expectPermissionDenied(readonly, sql`INSERT INTO later_things VALUES (2, 'c')`, 'INSERT by read-only');
  });

  it('stores the operator password as a SCRAM verifier, never in the clear', async () => {
    const { rows } = await sql<{ rolpassword: string }>`SELECT rolpassword FROM pg_authid WHERE rolname = ${cluster.roles.app}`.execute(admin);
    const stored = rows[0]?.rolpassword ?? '';
    expect(stored).not.toContain(passwords.app);
    const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored) ?? [];
    expect(scramVerifier(passwords.app, Buffer.from(salt ?? '', 'base64'), Number(iterations))).toBe(stored);
  });

  it('computes the same verifier as PostgreSQL itself', async () => {
    const extra = `${cluster.roles.app.replace(/_app$/, '')}_extra`;
    const plain = password();
    await sql`CREATE ROLE ${sql.id(extra)} PASSWORD ${sql.lit(plain)}`.execute(admin);
    const { rows } = await sql<{ rolpassword: string }>`SELECT rolpassword FROM pg_authid WHERE rolname = ${extra}`.execute(admin);
    const stored = rows[0]?.rolpassword ?? '';
    const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored) ?? [];
    expect(scramVerifier(plain, Buffer.from(salt ?? '', 'base64'), Number(iterations))).toBe(stored);
  });

  it('passes the start-up self-check as the application role', async () => {
    expect(await findExcessPrivileges(app)).toEqual({ role: cluster.roles.app, excess: [] });
    await expect(assertLeastPrivilege(app)).resolves.toBe(cluster.roles.app);
  });

  it('refuses a superuser, the schema owner and an application role with DELETE, naming the excess', async () => {
    const asAdmin = await assertLeastPrivilege(admin).catch((e: unknown) => e);
    expect(asAdmin).toBeInstanceOf(ExcessPrivilegeError);
    expect((asAdmin as Error).message).toContain('is a superuser');

    const asMigrator = (await findExcessPrivileges(migrator)).excess.map((e) => e.detail);
    expect(asMigrator).toContain('owns schema public');
    expect(asMigrator).toContain('owns table public.users');

    await sql`GRANT DELETE, TRUNCATE ON users TO ${sql.id(cluster.roles.app)}`.execute(admin);
    try {
      const error = await assertLeastPrivilege(app).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExcessPrivilegeError);
      expect((error as Error).message).toContain('can DELETE, TRUNCATE on public.users');
      expect((error as ExcessPrivilegeError).excess).toHaveLength(1);
    } finally {
      await sql`REVOKE DELETE, TRUNCATE ON users FROM ${sql.id(cluster.roles.app)}`.execute(admin);
    }
  });

  it('is idempotent, and a second run takes hand-granted excess away', async () => {
    await sql`GRANT DELETE ON courses TO ${sql.id(cluster.roles.app)}`.execute(admin);
    await sql`GRANT ${sql.id(cluster.roles.migrator)} TO ${sql.id(cluster.roles.app)}`.execute(admin);
    await sql`ALTER ROLE ${sql.id(cluster.roles.app)} CREATEROLE`.execute(admin);
    expect((await findExcessPrivileges(app)).excess.length).toBeGreaterThan(0);

    const report = await provisionRoles(admin, { roles: cluster.roles, passwords });
    expect(report.created).toEqual([]);
    expect(report.updated).toHaveLength(3);
    expect(await findExcessPrivileges(app)).toEqual({ role: cluster.roles.app, excess: [] });
    await expectPermissionDenied(app, sql`DELETE FROM courses`, 'DELETE after re-provisioning');
    // Still working for what the application does.
    await sql`UPDATE users SET display_name = 'Ada' WHERE id = ${userId}`.execute(app);
  });

  it('refuses weak passwords and running as one of the provisioned roles', async () => {
    await expect(provisionRoles(admin, { roles: cluster.roles, passwords: { ...passwords, app: 'short' } })).rejects.toThrow(
      /the application password must be 16 to 256 printable ASCII/,
    );
    await expect(provisionRoles(admin, { roles: cluster.roles, passwords: { ...passwords, readonly: `${password()} x` } })).rejects.toBeInstanceOf(
      ProvisionError,
    );
    await expect(provisionRoles(migrator, { roles: cluster.roles, passwords })).rejects.toThrow(/one of the roles being provisioned/);
  });
});
