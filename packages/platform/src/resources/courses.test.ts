import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { createCourse, getCourse, listCourses, retireCourse } from './courses.js';
import { importCourses, MAX_IMPORT_COURSES } from './import.js';
import { DEVELOPMENT_COURSES, seedDevelopmentCourses } from './seed.js';
import { insertUser, migratedDatabase, type TestDatabase } from './test-support/database.js';

// Set-up builds a server or database and hashes passwords: generous on a loaded machine.
const SETUP_TIMEOUT_MS = 180_000;

let handle: TestDatabase;
let db: Kysely<Database>;
let adminId: string;

beforeAll(async () => {
  handle = await migratedDatabase();
  db = handle.db;
  adminId = await insertUser(db, 'admin');
}, SETUP_TIMEOUT_MS);
afterAll(async () => {
  await handle?.close();
});

const everything = { limit: 100, offset: 0 };

describe('courses', () => {
  it('creates a course with defaults and reads it back', async () => {
    const created = await createCourse(db, { title: 'Threat modelling' }, adminId);
    expect(created).toMatchObject({ title: 'Threat modelling', description: '', priceCents: 0, currency: 'EUR' });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await getCourse(db, created.id)).toEqual(created);
  });

  it('hides a retired course from get and list, and retires only once', async () => {
    const course = await createCourse(db, { title: 'Retire me', priceCents: 500 }, adminId);
    expect((await listCourses(db, everything)).map((c) => c.id)).toContain(course.id);

    expect(await retireCourse(db, course.id, new Date())).toBe(true);
    expect(await getCourse(db, course.id)).toBeUndefined();
    expect((await listCourses(db, everything)).map((c) => c.id)).not.toContain(course.id);
    expect(await retireCourse(db, course.id, new Date())).toBe(false);

    // Soft delete: the row is still there.
    const row = await db.selectFrom('courses').select('retired_at').where('id', '=', course.id).executeTakeFirst();
    expect(row?.retired_at).toBeInstanceOf(Date);
  });

  it('answers undefined / false for an unknown id', async () => {
    expect(await getCourse(db, randomUUID())).toBeUndefined();
    expect(await retireCourse(db, randomUUID(), new Date())).toBe(false);
  });

  it('pages the list with limit and offset', async () => {
    for (let i = 0; i < 3; i += 1) await createCourse(db, { title: `Paged ${i}` }, adminId);
    const all = await listCourses(db, everything);
    const second = await listCourses(db, { limit: 1, offset: 1 });
    expect(second).toEqual([all[1]]);
  });

  it('keeps hostile text as data (bound parameters)', async () => {
    const title = "x'); DROP TABLE courses; --";
    const course = await createCourse(db, { title }, adminId);
    expect((await getCourse(db, course.id))?.title).toBe(title);
    expect((await listCourses(db, everything)).length).toBeGreaterThan(0);
  });

  it('refuses what the table constraints refuse', async () => {
    await expect(createCourse(db, { title: '' }, adminId)).rejects.toThrow();
    await expect(createCourse(db, { title: 'Negative', priceCents: -1 }, adminId)).rejects.toThrow();
    await expect(createCourse(db, { title: 'Currency', currency: 'eur' }, adminId)).rejects.toThrow();
  });
});

describe('importCourses', () => {
  it('inserts every course and returns the count', async () => {
    const before = (await listCourses(db, everything)).length;
    const n = await importCourses(
      db,
      [{ title: 'Imported A' }, { title: 'Imported B', priceCents: 1999, currency: 'USD', description: 'b' }],
      adminId,
    );
    expect(n).toBe(2);
    const titles = (await listCourses(db, everything)).map((c) => c.title);
    expect(titles.length).toBe(before + 2);
    expect(titles).toEqual(expect.arrayContaining(['Imported A', 'Imported B']));
  });

  it('is all or nothing: one bad course rolls the whole import back', async () => {
    const before = (await listCourses(db, everything)).length;
    await expect(importCourses(db, [{ title: 'Fine' }, { title: 'Bad', priceCents: -5 }], adminId)).rejects.toThrow();
    expect((await listCourses(db, everything)).length).toBe(before);
  });

  it('imports nothing for an empty list and refuses more than the maximum', async () => {
    expect(await importCourses(db, [], adminId)).toBe(0);
    const tooMany = Array.from({ length: MAX_IMPORT_COURSES + 1 }, (_, i) => ({ title: `T${i}` }));
    await expect(importCourses(db, tooMany, adminId)).rejects.toThrow(RangeError);
  });
});

describe('seedDevelopmentCourses', () => {
  it('seeds only an empty catalogue', async () => {
    const freshHandle = await migratedDatabase();
    const fresh = freshHandle.db;
    try {
      expect(await seedDevelopmentCourses(fresh)).toBe(DEVELOPMENT_COURSES.length);
      expect(await seedDevelopmentCourses(fresh)).toBe(0);
      const titles = (await listCourses(fresh, everything)).map((c) => c.title).sort();
      expect(titles).toEqual(DEVELOPMENT_COURSES.map((c) => c.title).sort());
    } finally {
      await freshHandle.close();
    }
  }, SETUP_TIMEOUT_MS);
});
