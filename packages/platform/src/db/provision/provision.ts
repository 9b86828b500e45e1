// Creates or corrects the three roles and their privileges in the current database, in one
// transaction (PostgreSQL DDL and role statements are transactional: all or nothing). Idempotent:
// a second run changes nothing; a run over a hand-edited database takes excess privileges away.
// Role statements cannot take bound parameters, so identifiers go through Kysely's `sql.id`
// (quoted) after validation, and the only literals are SCRAM verifiers checked by a regex.
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { MIGRATIONS_TABLE_SQL } from '../migrate.js';
import { DEFAULT_ROLE_NAMES, ProvisionError, validateRoleNames } from './roles.js';
import type { RoleNames } from './roles.js';
import { SCRAM_VERIFIER, checkRolePassword, scramVerifier } from './scram.js';

export interface RolePasswords {
  readonly migrator: string;
  readonly app: string;
  readonly readonly: string;
}

export interface ProvisionOptions {
  readonly roles?: RoleNames;
  /** Plain passwords (hashed here). Omitted: roles without LOGIN, reached through `SET ROLE`
   * (the embedded PGlite mode). */
  readonly passwords?: RolePasswords;
}

export interface ProvisionReport {
  readonly database: string;
  readonly roles: RoleNames;
  readonly created: readonly string[];
  readonly updated: readonly string[];
  /** Tables, views and sequences whose owner was changed to the migrator. */
  readonly ownershipMoved: readonly string[];
}

const ROLE_ATTRIBUTES = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

async function upsertRole<DB>(trx: Transaction<DB>, name: string, verifier: string | undefined): Promise<'created' | 'updated'> {
  const { rows } = await sql<{ exists: boolean }>`select exists (select 1 from pg_roles where rolname = ${name}) as exists`.execute(trx);
  const exists = rows[0]?.exists === true;
  const login = verifier === undefined ? sql.raw('NOLOGIN') : sql.raw('LOGIN');
  if (verifier !== undefined && !SCRAM_VERIFIER.test(verifier)) throw new ProvisionError('internal: malformed password verifier');
  const password = verifier === undefined ? sql.raw('') : sql`PASSWORD ${sql.lit(verifier)}`;
  const verb = exists ? sql.raw('ALTER') : sql.raw('CREATE');
  // INHERIT off: privileges come only from grants to the role itself, never through a membership.
  await sql`${verb} ROLE ${sql.id(name)} WITH ${login} ${sql.raw(ROLE_ATTRIBUTES)} NOINHERIT ${password}`.execute(trx);
  return exists ? 'updated' : 'created';
}

/** Removes every membership of `role` in other roles (a member of the migrator would own the schema). */
async function dropMemberships<DB>(trx: Transaction<DB>, role: string): Promise<void> {
  const { rows } = await sql<{ granted: string }>`
    select g.rolname as granted from pg_auth_members m
    join pg_roles g on g.oid = m.roleid join pg_roles r on r.oid = m.member
    where r.rolname = ${role}`.execute(trx);
  for (const { granted } of rows) await sql`REVOKE ${sql.id(granted)} FROM ${sql.id(role)}`.execute(trx);
}

/** Tables, views and free-standing sequences in `public` not owned by the migrator (created by
 * an earlier run as another role, e.g. migrations applied as the superuser in PGlite). */
async function moveOwnership<DB>(trx: Transaction<DB>, migrator: string): Promise<string[]> {
  const { rows } = await sql<{ name: string; kind: string }>`
    select c.relname as name, c.relkind as kind from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
      and c.relowner <> (select oid from pg_roles where rolname = ${migrator})
      and not (c.relkind = 'S' and exists (
        select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
    order by c.relname`.execute(trx);
  const statement: Record<string, string> = { r: 'TABLE', p: 'TABLE', f: 'FOREIGN TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE' };
  for (const { name, kind } of rows) {
    const what = statement[kind];
    if (what === undefined) continue;
    await sql`ALTER ${sql.raw(what)} ${sql.id('public', name)} OWNER TO ${sql.id(migrator)}`.execute(trx);
  }
  return rows.map((row) => row.name);
}

export async function provisionRoles<DB>(db: Kysely<DB>, options: ProvisionOptions = {}): Promise<ProvisionReport> {
  const roles = validateRoleNames(options.roles ?? DEFAULT_ROLE_NAMES);
  const passwords = options.passwords;
  if (passwords !== undefined) {
    checkRolePassword(passwords.migrator, 'the migrator password');
    checkRolePassword(passwords.app, 'the application password');
    checkRolePassword(passwords.readonly, 'the read-only password');
  }
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ database: string; me: string }>`select current_database() as database, current_user as me`.execute(trx);
    const database = rows[0]?.database ?? '';
    const me = rows[0]?.me ?? '';
    if ([roles.migrator, roles.app, roles.readonly].includes(me)) {
      throw new ProvisionError(`DATABASE_ADMIN_URL connects as ${me}, one of the roles being provisioned; use an administrator role`);
    }
    const created: string[] = [];
    const updated: string[] = [];
    for (const key of ['migrator', 'app', 'readonly'] as const) {
      const verifier = passwords === undefined ? undefined : scramVerifier(passwords[key]);
      const outcome = await upsertRole(trx, roles[key], verifier);
      (outcome === 'created' ? created : updated).push(roles[key]);
      await dropMemberships(trx, roles[key]);
    }
    const { migrator, app, readonly } = { migrator: sql.id(roles.migrator), app: sql.id(roles.app), readonly: sql.id(roles.readonly) };
    const run = (statement: ReturnType<typeof sql>) => statement.execute(trx);

    // The database: only our roles connect; nobody gets TEMP tables or CREATE SCHEMA.
    await run(sql`REVOKE ALL ON DATABASE ${sql.id(database)} FROM PUBLIC`);
    await run(sql`REVOKE ALL ON DATABASE ${sql.id(database)} FROM ${migrator}, ${app}, ${readonly}`);
    await run(sql`GRANT CONNECT ON DATABASE ${sql.id(database)} TO ${migrator}, ${app}, ${readonly}`);

    // The schema: owned by the migrator; the others may only look things up in it.
    await run(sql`ALTER SCHEMA public OWNER TO ${migrator}`);
    await run(sql`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    await run(sql`REVOKE ALL ON SCHEMA public FROM ${app}, ${readonly}`);
    await run(sql`GRANT USAGE ON SCHEMA public TO ${app}, ${readonly}`);

    // Migration bookkeeping exists before the first migration so that the app can read it.
    await run(sql.raw(MIGRATIONS_TABLE_SQL));
    const ownershipMoved = await moveOwnership(trx, roles.migrator);

    // Existing objects: exactly the privileges each role needs, whatever was granted before.
    await run(sql`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}, ${readonly}`);
    await run(sql`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}, ${readonly}`);
    await run(sql`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await run(sql`REVOKE INSERT, UPDATE ON public.rampart_migrations FROM ${app}`);
    await run(sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    await run(sql`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${readonly}`);
    await run(sql`GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${readonly}`);

    // Future objects created by the migrator follow the same rules.
    const future = sql`ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA public`;
    await run(sql`${future} GRANT SELECT, INSERT, UPDATE ON TABLES TO ${app}`);
    await run(sql`${future} GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
    await run(sql`${future} GRANT SELECT ON TABLES TO ${readonly}`);
    await run(sql`${future} GRANT SELECT ON SEQUENCES TO ${readonly}`);

    return { database, roles, created, updated, ownershipMoved };
  });
}
