// Least privilege in the embedded PGlite mode: the same three roles (without LOGIN: PGlite has
// one session), then the session switches to the application role with SET ROLE, so queries
// run with exactly the privileges they have on PostgreSQL. Call after migrating:
//   await migrate(handle.migrationTarget()); await applyLeastPrivilege(handle.db);
// A test clone of a provisioned snapshot only needs connectAsApp (roles live in the data dir).
// Limit: SET ROLE can be undone by RESET ROLE on the same session; Kysely sends one statement per
// query with bound parameters, so injected SQL cannot chain one (see docs/production.md).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { provisionRoles } from './provision.js';
import type { ProvisionReport } from './provision.js';
import { DEFAULT_ROLE_NAMES } from './roles.js';
import type { RoleNames } from './roles.js';

export async function connectAsApp<DB>(db: Kysely<DB>, roles: RoleNames = DEFAULT_ROLE_NAMES): Promise<void> {
  await sql`SET ROLE ${sql.id(roles.app)}`.execute(db);
}

/** Back to the session's own (superuser) role, e.g. to apply new migrations in the same process. */
export async function resetRole<DB>(db: Kysely<DB>): Promise<void> {
  await sql`RESET ROLE`.execute(db);
}

export async function applyLeastPrivilege<DB>(db: Kysely<DB>, roles: RoleNames = DEFAULT_ROLE_NAMES): Promise<ProvisionReport> {
  await resetRole(db);
  const report = await provisionRoles(db, { roles });
  await connectAsApp(db, roles);
  return report;
}
