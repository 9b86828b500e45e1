// Who is asking, reduced to what object-level checks need. Built from guard's principal by the
// routes; queries take it so that the owner filter is part of the SQL itself.
import type { Principal } from '@rampart/guard';

export interface Viewer {
  readonly subject: string;
  /** Role `admin`: sees every user's objects. */
  readonly isAdmin: boolean;
}

export const ADMIN_ROLE = 'admin';

export function viewerOf(principal: Pick<Principal, 'subject' | 'roles'>): Viewer {
  return { subject: principal.subject, isAdmin: principal.roles.has(ADMIN_ROLE) };
}
