// Course queries. Retired courses (soft delete, `retired_at` set) are invisible to every read:
// each query below filters on `retired_at is null` itself instead of trusting its caller.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { CourseRow } from '../db/schema/resources.js';
import { ResourceError } from '../errors/index.js';

export interface CourseInput {
  readonly title: string;
  readonly description?: string;
  readonly priceCents?: number;
  readonly currency?: string;
}

export interface Course {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly priceCents: number;
  readonly currency: string;
  readonly createdAt: string;
}

export const COURSE_COLUMNS = ['id', 'title', 'description', 'price_cents', 'currency', 'created_at'] as const;

export function toCourse(row: Pick<CourseRow, (typeof COURSE_COLUMNS)[number]>): Course {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    priceCents: row.price_cents,
    currency: row.currency,
    createdAt: row.created_at.toISOString(),
  };
}

export function courseValues(input: CourseInput, createdBy: string | null) {
  return {
    id: randomUUID(),
    title: input.title,
    description: input.description ?? '',
    price_cents: input.priceCents ?? 0,
    currency: input.currency ?? 'EUR',
    created_by: createdBy,
  };
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

export async function listCourses(db: Kysely<Database>, page: Page): Promise<Course[]> {
  const rows = await db
    .selectFrom('courses')
    .select(COURSE_COLUMNS)
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toCourse);
}

export async function getCourse(db: Kysely<Database>, id: string): Promise<Course | undefined> {
  const row = await db
    .selectFrom('courses')
    .select(COURSE_COLUMNS)
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  return row && toCourse(row);
}

export async function createCourse(db: Kysely<Database>, input: CourseInput, createdBy: string | null): Promise<Course> {
  const row = await db
    .insertInto('courses')
    .values(courseValues(input, createdBy))
    .returning(COURSE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toCourse(row);
}

/** Retires a live course. False when there is no live course with that id (unknown or already
 * retired: both are 404 to the caller). Never deletes: enrollments, certificates and invoices
 * keep pointing at the row. */
export async function retireCourse(db: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('courses')
    .set({ retired_at: at })
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A live course, or ERR_RESOURCE_NOT_FOUND (unknown or retired). */
export async function readCourse(db: Kysely<Database>, id: string): Promise<Course> {
  const found = await getCourse(db, id);
  if (!found) throw new ResourceError('ERR_RESOURCE_NOT_FOUND');
  return found;
}

/** Retires a live course, or refuses with ERR_RESOURCE_NOT_FOUND (unknown or already retired). */
export async function retireLiveCourse(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  if (!(await retireCourse(db, id, at))) throw new ResourceError('ERR_RESOURCE_NOT_FOUND');
}
