// Objects a user owns (certificates, invoices, enrollments): one query shape for all of them.
// One object is read only by its owner or an admin (the owner filter is in the SQL), the owner's
// list is newest first; an object someone else owns is the same "not found" as one that does
// not exist (ResourceError ERR_RESOURCE_NOT_FOUND), so nobody learns which ids exist; asking
// for another user's object is recorded as the security event malicious_direct_reference.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { ResourceError } from '../errors/index.js';
import type { RequestOrigin, SecurityEvents } from '../security-events/index.js';
import type { Viewer } from './viewer.js';

/** Where a read of someone else's object is recorded, and for which request: given together, so
 * that a route cannot record the event without its request's origin. */
export interface OwnedReadAudit {
  readonly events: Pick<SecurityEvents, 'record'>;
  readonly origin: RequestOrigin;
}

export interface OwnedResource<T> {
  /** One object, only if the viewer owns it (or is admin); undefined otherwise. */
  get(db: Kysely<Database>, id: string, viewer: Viewer): Promise<T | undefined>;
  /** Like `get`, but refuses with ERR_RESOURCE_NOT_FOUND; with `audit`, an object that exists
   * but is someone else's is recorded (malicious_direct_reference, with the origin of the
   * request that asked) before the refusal. */
  read(db: Kysely<Database>, id: string, viewer: Viewer, audit?: OwnedReadAudit): Promise<T>;
  /** The owner's objects, newest first. */
  listOwn(db: Kysely<Database>, ownerId: string, limit: number): Promise<T[]>;
}

export interface OwnedTableSpec<R, T> {
  readonly table: 'certificates' | 'invoices' | 'enrollments';
  readonly columns: readonly (keyof R & string)[];
  /** The timestamp column the owner's list is sorted by (newest first, then id). */
  readonly newestFirst: keyof R & string;
  toObject(row: R): T;
}

export function ownedResource<R extends { readonly id: string; readonly owner_id: string }, T>(spec: OwnedTableSpec<R, T>): OwnedResource<T> {
  // One query shape over three tables whose rows all have id and owner_id: Kysely cannot type a
  // table chosen by a parameter, so the rows are typed by `R` from the spec instead.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  const loose = (db: Kysely<Database>) => db as unknown as Kysely<any>;
  const get = async (db: Kysely<Database>, id: string, viewer: Viewer): Promise<T | undefined> => {
    let query = loose(db).selectFrom(spec.table).select(spec.columns).where('id', '=', id);
    if (!viewer.isAdmin) query = query.where('owner_id', '=', viewer.subject);
    const row: unknown = await query.executeTakeFirst();
    return row === undefined ? undefined : spec.toObject(row as R);
  };
  return {
    get,
    async read(db, id, viewer, audit) {
      const found = await get(db, id, viewer);
      if (found !== undefined) return found;
      // Only on the refusal path: one more lookup, without the owner filter.
      if (audit && !viewer.isAdmin) {
        const exists: unknown = await loose(db).selectFrom(spec.table).select('id').where('id', '=', id).executeTakeFirst();
        if (exists !== undefined) {
          await audit.events.record('malicious_direct_reference', { ...audit.origin, userId: viewer.subject, detail: { resource: spec.table, id } });
        }
      }
      throw new ResourceError('ERR_RESOURCE_NOT_FOUND');
    },
    async listOwn(db, ownerId, limit) {
      const rows: unknown[] = await loose(db)
        .selectFrom(spec.table)
        .select(spec.columns)
        .where('owner_id', '=', ownerId)
        .orderBy(spec.newestFirst, 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => spec.toObject(row as R));
    },
  };
}
