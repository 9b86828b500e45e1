// Certificate queries. A certificate is issued only for a course its owner is enrolled in
// (the insert selects from enrollments, so there is no check-then-act window).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { CertificateRow } from '../db/schema/resources.js';
import type { Viewer } from './viewer.js';

export interface Certificate {
  readonly id: string;
  readonly courseId: string;
  readonly ownerId: string;
  readonly issuedAt: string;
}

const CERTIFICATE_COLUMNS = ['id', 'course_id', 'owner_id', 'issued_at'] as const;

function toCertificate(row: Pick<CertificateRow, (typeof CERTIFICATE_COLUMNS)[number]>): Certificate {
  return { id: row.id, courseId: row.course_id, ownerId: row.owner_id, issuedAt: row.issued_at.toISOString() };
}

/** One certificate, only if the viewer owns it (or is admin): the owner filter is in the SQL. */
export async function getCertificate(db: Kysely<Database>, id: string, viewer: Viewer): Promise<Certificate | undefined> {
  let query = db.selectFrom('certificates').select(CERTIFICATE_COLUMNS).where('id', '=', id);
  if (!viewer.isAdmin) query = query.where('owner_id', '=', viewer.subject);
  const row = await query.executeTakeFirst();
  return row && toCertificate(row);
}

export interface IssuedCertificate {
  readonly id: string;
  /** False when the user already had this course's certificate (the existing one is returned). */
  readonly created: boolean;
}

/** Issues the certificate of a course to an enrolled user; undefined when the user is not
 * enrolled in the course. Issuing twice returns the existing certificate. */
export async function issueCertificate(
  db: Kysely<Database>,
  ownerId: string,
  courseId: string,
): Promise<IssuedCertificate | undefined> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('certificates')
      .columns(['id', 'owner_id', 'course_id'])
      .expression((eb) =>
        eb
          .selectFrom('enrollments')
          .select([eb.val(randomUUID()).as('id'), 'owner_id', 'course_id'])
          .where('owner_id', '=', ownerId)
          .where('course_id', '=', courseId),
      )
      .onConflict((oc) => oc.constraint('certificates_owner_course_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, created: true };
    const existing = await trx
      .selectFrom('certificates')
      .select('id')
      .where('owner_id', '=', ownerId)
      .where('course_id', '=', courseId)
      .executeTakeFirst();
    return existing && { id: existing.id, created: false };
  });
}

/** The owner's certificates, newest first. */
export async function listOwnCertificates(db: Kysely<Database>, ownerId: string, limit: number): Promise<Certificate[]> {
  const rows = await db
    .selectFrom('certificates')
    .select(CERTIFICATE_COLUMNS)
    .where('owner_id', '=', ownerId)
    .orderBy('issued_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toCertificate);
}
