// Enrollment queries. Enrolling is idempotent: a second enrollment of the same user in the same
// course returns the first one (`created: false`) and never bills twice. A priced course bills
// an invoice in the same transaction as the enrollment.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { EnrollmentRow } from '../db/schema/resources.js';
import { ResourceError } from '../errors/index.js';
import { ownedResource } from './owned.js';
import type { Viewer } from './viewer.js';

export interface Enrollment {
  readonly id: string;
  readonly courseId: string;
  readonly ownerId: string;
  readonly createdAt: string;
}

export type EnrollResult =
  | { readonly kind: 'created'; readonly enrollment: Enrollment }
  | { readonly kind: 'existing'; readonly enrollment: Enrollment }
  | { readonly kind: 'course_not_found' };

const ENROLLMENT_COLUMNS = ['id', 'course_id', 'owner_id', 'created_at'] as const;

function toEnrollment(row: Pick<EnrollmentRow, (typeof ENROLLMENT_COLUMNS)[number]>): Enrollment {
  return { id: row.id, courseId: row.course_id, ownerId: row.owner_id, createdAt: row.created_at.toISOString() };
}

export async function enroll(db: Kysely<Database>, ownerId: string, courseId: string): Promise<EnrollResult> {
  return db.transaction().execute(async (trx) => {
    // FOR SHARE: a concurrent retirement waits until this enrollment is committed (or sees it).
    const course = await trx
      .selectFrom('courses')
      .select(['id', 'price_cents', 'currency'])
      .where('id', '=', courseId)
      .where('retired_at', 'is', null)
      .forShare()
      .executeTakeFirst();
    if (!course) return { kind: 'course_not_found' } as const;

    const inserted = await trx
      .insertInto('enrollments')
      .values({ id: randomUUID(), owner_id: ownerId, course_id: courseId })
      .onConflict((oc) => oc.constraint('enrollments_owner_course_key').doNothing())
      .returning(ENROLLMENT_COLUMNS)
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx
        .selectFrom('enrollments')
        .select(ENROLLMENT_COLUMNS)
        .where('owner_id', '=', ownerId)
        .where('course_id', '=', courseId)
        .executeTakeFirstOrThrow();
      return { kind: 'existing', enrollment: toEnrollment(existing) } as const;
    }
    if (course.price_cents > 0) {
      await trx
        .insertInto('invoices')
        .values({
          id: randomUUID(),
          owner_id: ownerId,
          course_id: courseId,
          enrollment_id: inserted.id,
          amount_cents: course.price_cents,
          currency: course.currency,
        })
        .execute();
    }
    return { kind: 'created', enrollment: toEnrollment(inserted) } as const;
  });
}

/** Enrols the owner in a live course (the first enrollment again when there is one), or refuses
 * with ERR_RESOURCE_NOT_FOUND (unknown or retired course). */
export async function enrollInCourse(db: Kysely<Database>, ownerId: string, courseId: string): Promise<{ readonly enrollment: Enrollment; readonly created: boolean }> {
  const result = await enroll(db, ownerId, courseId);
  if (result.kind === 'course_not_found') throw new ResourceError('ERR_RESOURCE_NOT_FOUND');
  return { enrollment: result.enrollment, created: result.kind === 'created' };
}

export const enrollments = ownedResource({ table: 'enrollments', columns: ENROLLMENT_COLUMNS, newestFirst: 'created_at', toObject: toEnrollment });

/** One enrollment, only if the viewer owns it (or is admin): the owner filter is in the SQL. */
export const getEnrollment = (db: Kysely<Database>, id: string, viewer: Viewer): Promise<Enrollment | undefined> => enrollments.get(db, id, viewer);

/** The viewer's own enrollments, newest first. */
export const listOwnEnrollments = (db: Kysely<Database>, ownerId: string, limit: number): Promise<Enrollment[]> => enrollments.listOwn(db, ownerId, limit);
