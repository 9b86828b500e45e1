// Start-up self-check: the role the platform connects as (DATABASE_URL) must have no more than
// the application needs. In production an excess stops the start with a message that names it;
// in development it is a warning. What counts as excess (issue 4): superuser (or the other
// cluster-wide powers), owning a schema or a table, DELETE/TRUNCATE (or TRIGGER/REFERENCES) on
// any table, CREATE in a schema or the database. Privileges through role membership count too
// (has_*_privilege and pg_has_role look through inheritance).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export interface PrivilegeExcess {
  /** Stable kind, for tests and metrics. */
  readonly kind: 'role-attribute' | 'owns-schema' | 'owns-table' | 'table-privilege' | 'schema-create' | 'database-privilege';
  /** Human text naming the excess, e.g. `can DELETE on users`. */
  readonly detail: string;
}

const SYSTEM_SCHEMAS = sql`n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg\\_%'`;

export async function findExcessPrivileges<DB>(db: Kysely<DB>): Promise<{ role: string; excess: PrivilegeExcess[] }> {
  const excess: PrivilegeExcess[] = [];
  const { rows: [self] } = await sql<{
    role: string; superuser: boolean; createrole: boolean; createdb: boolean; replication: boolean; bypassrls: boolean;
  }>`select current_user as role, rolsuper as superuser, rolcreaterole as createrole, rolcreatedb as createdb,
       rolreplication as replication, rolbypassrls as bypassrls
     from pg_roles where rolname = current_user`.execute(db);
  if (self === undefined) throw new Error('the current role is not in pg_roles');
  const attributes = { superuser: 'is a superuser', createrole: 'has CREATEROLE', createdb: 'has CREATEDB', replication: 'has REPLICATION', bypassrls: 'has BYPASSRLS' } as const;
  for (const [attribute, text] of Object.entries(attributes) as [keyof typeof attributes, string][]) {
    if (self[attribute]) excess.push({ kind: 'role-attribute', detail: text });
  }

  const { rows: schemas } = await sql<{ name: string; owns: boolean; create: boolean }>`
    select n.nspname as name, pg_has_role(current_user, n.nspowner, 'USAGE') as owns,
      has_schema_privilege(current_user, n.oid, 'CREATE') as create
    from pg_namespace n where ${SYSTEM_SCHEMAS} order by n.nspname`.execute(db);
  for (const schema of schemas) {
    if (schema.owns) excess.push({ kind: 'owns-schema', detail: `owns schema ${schema.name}` });
    else if (schema.create) excess.push({ kind: 'schema-create', detail: `can CREATE in schema ${schema.name}` });
  }

  const { rows: database } = await sql<{ create: boolean; temporary: boolean }>`
    select has_database_privilege(current_user, current_database(), 'CREATE') as create,
      has_database_privilege(current_user, current_database(), 'TEMPORARY') as temporary`.execute(db);
  if (database[0]?.create) excess.push({ kind: 'database-privilege', detail: 'can CREATE schemas in the database' });
  if (database[0]?.temporary) excess.push({ kind: 'database-privilege', detail: 'can create TEMPORARY tables' });

  const { rows: tables } = await sql<{
    name: string; owns: boolean; delete: boolean; truncate: boolean; trigger: boolean; references: boolean;
  }>`select n.nspname || '.' || c.relname as name, pg_has_role(current_user, c.relowner, 'USAGE') as owns,
       has_table_privilege(current_user, c.oid, 'DELETE') as delete,
       has_table_privilege(current_user, c.oid, 'TRUNCATE') as truncate,
       has_table_privilege(current_user, c.oid, 'TRIGGER') as trigger,
       has_table_privilege(current_user, c.oid, 'REFERENCES') as references
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'v', 'm', 'f') and ${SYSTEM_SCHEMAS} order by 1`.execute(db);
  for (const table of tables) {
    if (table.owns) {
      excess.push({ kind: 'owns-table', detail: `owns table ${table.name}` });
      continue;
    }
    const extra = (['delete', 'truncate', 'trigger', 'references'] as const).filter((privilege) => table[privilege]);
    if (extra.length > 0) {
      excess.push({ kind: 'table-privilege', detail: `can ${extra.map((p) => p.toUpperCase()).join(', ')} on ${table.name}` });
    }
  }
  return { role: self.role, excess };
}

export class ExcessPrivilegeError extends Error {
  readonly code = 'RAMPART_ERR_DB_EXCESS_PRIVILEGE';
  constructor(
    readonly role: string,
    readonly excess: readonly PrivilegeExcess[],
  ) {
    const shown = excess.slice(0, 12).map((e) => e.detail);
    const more = excess.length > shown.length ? `; and ${excess.length - shown.length} more` : '';
    super(
      `DATABASE_URL connects as role "${role}", which has more privileges than the application needs: ${shown.join('; ')}${more}. ` +
        'Fix: run `rampart db provision` and connect as the application role it creates (rampart_app by default); ' +
        'run migrations with DATABASE_MIGRATION_URL as the migration role.',
    );
    this.name = 'ExcessPrivilegeError';
  }
}

/** Throws ExcessPrivilegeError when the connected role has any excess; returns the role name. */
export async function assertLeastPrivilege<DB>(db: Kysely<DB>): Promise<string> {
  const { role, excess } = await findExcessPrivileges(db);
  if (excess.length > 0) throw new ExcessPrivilegeError(role, excess);
  return role;
}
