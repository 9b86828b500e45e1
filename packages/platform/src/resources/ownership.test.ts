// Object-level access in the queries themselves, on PGlite and on the real PostgreSQL: user A
// never reads user B's objects (the query returns nothing, which the routes answer with 404);
// an admin reads every one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { postgresAvailable } from '../../../../test-support/services.js';
import { getCertificate, issueCertificate } from './certificates.js';
import { createCourse } from './courses.js';
import { enroll, getEnrollment } from './enrollments.js';
import { getInvoice, listOwnInvoiceIds } from './invoices.js';
import { getProfile, updateDisplayName } from './profiles.js';
import { insertUser, migratedDatabase, type Engine, type TestDatabase } from './test-support/database.js';

// Set-up builds a server or database and hashes passwords: generous on a loaded machine.
const SETUP_TIMEOUT_MS = 180_000;

const engines: Engine[] = (await postgresAvailable()) ? ['pglite', 'postgres'] : ['pglite'];

const readers = { enrollment: getEnrollment, certificate: getCertificate, invoice: getInvoice } as const;
type Kind = keyof typeof readers;

describe.each(engines)('on %s', (engine) => {
  let handle: TestDatabase;
  let db: Kysely<Database>;
  let a: string;
  let b: string;
  let admin: string;
  const objectsOfB: Record<Kind, string> = { enrollment: '', certificate: '', invoice: '' };

  beforeAll(async () => {
    handle = await migratedDatabase(engine);
    db = handle.db;
    [a, b, admin] = [await insertUser(db), await insertUser(db), await insertUser(db, 'admin')];
    const course = await createCourse(db, { title: 'Owned', priceCents: 1000 }, admin);
    const enrolled = await enroll(db, b, course.id);
    if (enrolled.kind === 'course_not_found') throw new Error('setup: course missing');
    objectsOfB.enrollment = enrolled.enrollment.id;
    objectsOfB.certificate = (await issueCertificate(db, b, course.id))!.id;
    objectsOfB.invoice = (await listOwnInvoiceIds(db, b))[0]!;
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await handle?.close();
  });

  describe.each(Object.keys(readers) as Kind[])('%s', (kind) => {
    it('is invisible to another user', async () => {
      expect(await readers[kind](db, objectsOfB[kind], { subject: a, isAdmin: false })).toBeUndefined();
    });
    it('is visible to its owner', async () => {
      expect(await readers[kind](db, objectsOfB[kind], { subject: b, isAdmin: false })).toMatchObject({ ownerId: b });
    });
    it('is visible to an admin', async () => {
      expect(await readers[kind](db, objectsOfB[kind], { subject: admin, isAdmin: true })).toMatchObject({ ownerId: b });
    });
  });

  describe('profiles', () => {
    it('shows a user their own profile without any secret column', async () => {
      const profile = await getProfile(db, a, { subject: a, canReadAnyUser: false });
      expect(Object.keys(profile ?? {}).sort()).toEqual(['createdAt', 'displayName', 'email', 'id', 'role']);
    });
    it("hides another user's profile unless the reader may read any user", async () => {
      expect(await getProfile(db, b, { subject: a, canReadAnyUser: false })).toBeUndefined();
      expect(await getProfile(db, b, { subject: admin, canReadAnyUser: true })).toMatchObject({ id: b });
    });
    it('changes only the display name of the user themself', async () => {
      const before = await getProfile(db, b, { subject: b, canReadAnyUser: false });
      const updated = await updateDisplayName(db, a, 'Alice Renamed');
      expect(updated).toMatchObject({ id: a, displayName: 'Alice Renamed' });
      expect(await getProfile(db, b, { subject: b, canReadAnyUser: false })).toEqual(before);
    });
  });
});
