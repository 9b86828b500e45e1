// Certificate queries. A certificate is issued only for a course its owner is enrolled in
// (the insert selects from enrollments, so there is no check-then-act window).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { CertificateRow } from '../db/schema/resources.js';
import { ResourceError } from '../errors/index.js';
import { ownedResource } from './owned.js';
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

export const certificates = ownedResource({ table: 'certificates', columns: CERTIFICATE_COLUMNS, newestFirst: 'issued_at', toObject: toCertificate });

/** One certificate, only if the viewer owns it (or is admin): the owner filter is in the SQL. */
export const getCertificate = (db: Kysely<Database>, id: string, viewer: Viewer): Promise<Certificate | undefined> => certificates.get(db, id, viewer);

/** The owner's certificates, newest first. */
export const listOwnCertificates = (db: Kysely<Database>, ownerId: string, limit: number): Promise<Certificate[]> => certificates.listOwn(db, ownerId, limit);

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

/** An admin certifies a user for a course: the certificate (new, or the one the user already
 * had). Not enrolled, or no such user or course: nothing to certify (ERR_RESOURCE_NOT_FOUND). */
export async function certify(db: Kysely<Database>, userId: string, courseId: string): Promise<{ readonly certificate: Certificate; readonly created: boolean }> {
  const issued = await issueCertificate(db, userId, courseId);
  if (!issued) throw new ResourceError('ERR_RESOURCE_NOT_FOUND');
  return { certificate: await certificates.read(db, issued.id, { subject: userId, isAdmin: false }), created: issued.created };
}
