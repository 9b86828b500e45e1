// Enrollment, billing and certificate queries, on PGlite and on the real PostgreSQL (where
// concurrent duplicate enrollments really run in parallel).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { postgresAvailable } from '../../../../test-support/services.js';
import { getCertificate, issueCertificate, listOwnCertificates } from './certificates.js';
import { createCourse, retireCourse } from './courses.js';
import { enroll, listOwnEnrollments } from './enrollments.js';
import { getInvoice, listOwnInvoiceIds, listOwnInvoices } from './invoices.js';
import { insertUser, migratedDatabase, type Engine, type TestDatabase } from './test-support/database.js';

// Set-up builds a server or database and hashes passwords: generous on a loaded machine.
const SETUP_TIMEOUT_MS = 180_000;

const engines: Engine[] = (await postgresAvailable()) ? ['pglite', 'postgres'] : ['pglite'];

describe.each(engines)('on %s', (engine) => {
  let handle: TestDatabase;
  let db: Kysely<Database>;
  let adminId: string;

  beforeAll(async () => {
    handle = await migratedDatabase(engine);
    db = handle.db;
    adminId = await insertUser(db, 'admin');
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await handle?.close();
  });

  describe('enroll', () => {
    it('creates an enrollment once; a second call returns the same one', async () => {
      const user = await insertUser(db);
      const course = await createCourse(db, { title: 'Free course' }, adminId);
      const first = await enroll(db, user, course.id);
      expect(first.kind).toBe('created');
      const second = await enroll(db, user, course.id);
      expect(second.kind).toBe('existing');
      if (first.kind === 'course_not_found' || second.kind === 'course_not_found') throw new Error('unreachable');
      expect(second.enrollment).toEqual(first.enrollment);
      expect(first.enrollment).toMatchObject({ courseId: course.id, ownerId: user });
      expect(await listOwnEnrollments(db, user, 10)).toEqual([first.enrollment]);
    });

    it('bills a priced course exactly once, in the course currency', async () => {
      const user = await insertUser(db);
      const course = await createCourse(db, { title: 'Paid course', priceCents: 4900, currency: 'USD' }, adminId);
      await enroll(db, user, course.id);
      await enroll(db, user, course.id);
      const invoiceIds = await listOwnInvoiceIds(db, user);
      expect(invoiceIds).toHaveLength(1);
      const invoice = await getInvoice(db, invoiceIds[0]!, { subject: user, isAdmin: false });
      expect(invoice).toMatchObject({ ownerId: user, courseId: course.id, amountCents: 4900, currency: 'USD' });
      expect(await listOwnInvoices(db, user, 10)).toEqual([invoice]);
    });

    it('does not bill a free course', async () => {
      const user = await insertUser(db);
      const course = await createCourse(db, { title: 'No bill' }, adminId);
      await enroll(db, user, course.id);
      expect(await listOwnInvoiceIds(db, user)).toEqual([]);
    });

    it('refuses unknown and retired courses, and writes nothing', async () => {
      const user = await insertUser(db);
      expect(await enroll(db, user, randomUUID())).toEqual({ kind: 'course_not_found' });
      const course = await createCourse(db, { title: 'Gone', priceCents: 100 }, adminId);
      await retireCourse(db, course.id, new Date());
      expect(await enroll(db, user, course.id)).toEqual({ kind: 'course_not_found' });
      expect(await listOwnEnrollments(db, user, 10)).toEqual([]);
      expect(await listOwnInvoiceIds(db, user)).toEqual([]);
    });

    it('survives concurrent duplicate enrollments with one row and one invoice', async () => {
      const user = await insertUser(db);
      const course = await createCourse(db, { title: 'Race', priceCents: 100 }, adminId);
      const results = await Promise.all(Array.from({ length: 5 }, () => enroll(db, user, course.id)));
      expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'existing')).toHaveLength(4);
      expect(await listOwnEnrollments(db, user, 10)).toHaveLength(1);
      expect(await listOwnInvoiceIds(db, user)).toHaveLength(1);
    });
  });

  describe('issueCertificate', () => {
    it('issues only for an enrolled user, once', async () => {
      const user = await insertUser(db);
      const course = await createCourse(db, { title: 'Certified' }, adminId);
      expect(await issueCertificate(db, user, course.id)).toBeUndefined();
      await enroll(db, user, course.id);
      const issued = await issueCertificate(db, user, course.id);
      expect(issued?.created).toBe(true);
      expect(issued?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await issueCertificate(db, user, course.id)).toEqual({ id: issued?.id, created: false });
      const certificate = await getCertificate(db, issued!.id, { subject: user, isAdmin: false });
      expect(certificate).toMatchObject({ id: issued?.id, ownerId: user, courseId: course.id });
      expect(await listOwnCertificates(db, user, 10)).toEqual([certificate]);
    });
  });
});
