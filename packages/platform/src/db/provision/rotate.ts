// `rampart db provision --rotate <role>`: a new password for one existing role, nothing else
// changed. PostgreSQL checks passwords only when a connection opens, so the instances keep their
// open connections; each is restarted with the new DATABASE_URL in turn (no downtime).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { ProvisionError } from './roles.js';
import type { RoleNames } from './roles.js';
import { checkRolePassword, scramVerifier } from './scram.js';

export type RotatableRole = keyof RoleNames;

export const ROTATABLE_ROLES: readonly RotatableRole[] = ['migrator', 'app', 'readonly'];

export async function rotateRolePassword<DB>(db: Kysely<DB>, roles: RoleNames, which: RotatableRole, password: string, source: string): Promise<string> {
  checkRolePassword(password, source);
  const name = roles[which];
  const { rows } = await sql<{ exists: boolean }>`select exists (select 1 from pg_roles where rolname = ${name}) as exists`.execute(db);
  if (rows[0]?.exists !== true) throw new ProvisionError(`there is no role ${name}; fix: run rampart db provision first`);
  await sql`ALTER ROLE ${sql.id(name)} WITH PASSWORD ${sql.lit(scramVerifier(password))}`.execute(db);
  return name;
}
