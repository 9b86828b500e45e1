// The isolation mode in the database (migration 0004): the one row every instance reads.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { isIsolationMode, type IsolationMode } from './mode.js';

export async function readIsolationMode(db: Kysely<Database>): Promise<IsolationMode> {
  const row = await db.selectFrom('service_isolation').select('mode').where('id', '=', 1).executeTakeFirst();
  return isIsolationMode(row?.mode) ? row.mode : 'off';
}

/** Sets the mode; returns the one it replaced. */
export async function writeIsolationMode(db: Kysely<Database>, mode: IsolationMode, now: Date): Promise<IsolationMode> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('service_isolation').select('mode').where('id', '=', 1).forUpdate().executeTakeFirst();
    const previous = isIsolationMode(row?.mode) ? row.mode : 'off';
    await tx
      .insertInto('service_isolation')
      .values({ id: 1, mode, changed_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ mode, changed_at: now }))
      .execute();
    return previous;
  });
}
