// `rampart keys retire <kid>`, the same on the control socket and on the database directly: the
// kid joins the shared list (every instance refuses its tokens within a second) and the retirement
// is a `sys_admin_action` event.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { SecurityEvents } from '../../security-events/index.js';
import { retireKid } from './retired-keys.js';

/** True when the key was not retired before. */
export async function retireSigningKey(db: Kysely<Database>, events: Pick<SecurityEvents, 'sysAdminAction'>, now: number, kid: string): Promise<boolean> {
  const added = await retireKid(db, kid, new Date(now));
  await events.sysAdminAction('keys_retire', { kid, already: !added });
  return added;
}
