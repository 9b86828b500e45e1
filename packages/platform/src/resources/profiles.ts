// Profile queries over identity's `users` table. Only the columns a profile shows are ever
// selected: no credential, MFA or token table is joined here, so nothing secret can leak even
// before the response schema strips undeclared fields.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { ResourceError } from '../errors/index.js';

export interface Profile {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: string;
  readonly createdAt: string;
}

const PROFILE_COLUMNS = ['id', 'email', 'display_name', 'role', 'created_at'] as const;

function toProfile(row: { id: string; email: string; display_name: string; role: string; created_at: Date }): Profile {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    createdAt: row.created_at.toISOString(),
  };
}

/** Who may read a profile: themself, or a holder of `users:read`. */
export interface ProfileReader {
  readonly subject: string;
  readonly canReadAnyUser: boolean;
}

/** The reader a verified caller is. */
export function profileReaderOf(caller: { readonly subject: string; readonly scopes: ReadonlySet<string> }): ProfileReader {
  return { subject: caller.subject, canReadAnyUser: caller.scopes.has('users:read') };
}

/** A user's profile, only if the reader may see it: the "themself" filter is in the SQL. */
export async function getProfile(db: Kysely<Database>, id: string, reader: ProfileReader): Promise<Profile | undefined> {
  let query = db.selectFrom('users').select(PROFILE_COLUMNS).where('id', '=', id);
  if (!reader.canReadAnyUser) query = query.where('id', '=', reader.subject);
  const row = await query.executeTakeFirst();
  return row && toProfile(row);
}

/** Changes the display name of the user themself; undefined when the user no longer exists. */
export async function updateDisplayName(
  db: Kysely<Database>,
  subject: string,
  displayName: string,
): Promise<Profile | undefined> {
  const row = await db
    .updateTable('users')
    .set({ display_name: displayName })
    .where('id', '=', subject)
    .returning(PROFILE_COLUMNS)
    .executeTakeFirst();
  return row && toProfile(row);
}

/** A profile the reader may see, or ERR_RESOURCE_NOT_FOUND: someone else's (without `users:read`)
 * is the same refusal as an unknown id. A caller with no local account (an external IdP's user)
 * has no profile either. */
export async function readProfile(db: Kysely<Database>, id: string, reader: ProfileReader): Promise<Profile> {
  const found = await getProfile(db, id, reader);
  if (!found) throw new ResourceError('ERR_RESOURCE_NOT_FOUND');
  return found;
}

/** Renames the user themself, or refuses with ERR_RESOURCE_NOT_FOUND (no such local user). */
export async function renameSelf(db: Kysely<Database>, subject: string, displayName: string): Promise<Profile> {
  const updated = await updateDisplayName(db, subject, displayName);
  if (!updated) throw new ResourceError('ERR_RESOURCE_NOT_FOUND');
  return updated;
}
