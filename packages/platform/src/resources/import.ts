// Bulk import of courses: all or nothing, in one transaction. The route validates the body
// (shape, sizes, item count) before this runs; the table's CHECK constraints are the second line.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { courseValues, type CourseInput } from './courses.js';

/** Largest import accepted; the route's body schema says the same (`maxItems`). Keeps one
 * INSERT far under PostgreSQL's 65,535 bound parameters (6 per row). */
export const MAX_IMPORT_COURSES = 1000;

export async function importCourses(
  db: Kysely<Database>,
  courses: readonly CourseInput[],
  importedBy: string,
): Promise<number> {
  if (courses.length === 0) return 0;
  if (courses.length > MAX_IMPORT_COURSES) throw new RangeError('too many courses in one import');
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto('courses')
      .values(courses.map((course) => courseValues(course, importedBy)))
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  });
}
