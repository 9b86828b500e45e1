// What the operator commands read across accounts (`rampart users list`, `rampart sessions revoke
// --all`), and the `sys_admin_action` event each such command writes.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { EventDetail, SecurityEvents } from '../../security-events/index.js';

export interface ListedUser {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  /** When an operator locked the account (`rampart users lock`); null when not locked. */
  readonly lockedAt: Date | null;
}

const PAGE = 500;

export class OperatorDirectory {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly events: Pick<SecurityEvents, 'sysAdminAction'>,
  ) {}

  /** Every user, or only those an operator locked, oldest first. */
  async list(onlyLocked: boolean): Promise<ListedUser[]> {
    let query = this.db.selectFrom('users').select(['id', 'email', 'role', 'locked_at']).orderBy('created_at').orderBy('id');
    if (onlyLocked) query = query.where('locked_at', 'is not', null);
    const rows = await query.execute();
    return rows.map((row) => ({ id: row.id, email: row.email, role: row.role, lockedAt: row.locked_at }));
  }

  /** Every user id, a page at a time (a whole user table is never held at once). */
  async *allUserIds(): AsyncGenerator<string> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.db.selectFrom('users').select('id').where('id', '>', after).orderBy('id').limit(PAGE).execute();
      for (const row of rows) yield row.id;
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as { id: string }).id;
    }
  }

  recordAdminAction(action: string, detail: EventDetail = {}): Promise<void> {
    return this.events.sysAdminAction(action, detail);
  }
}
