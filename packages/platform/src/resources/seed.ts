// Development seed: a few courses so that a fresh `npm start` has something to list. Goes
// through the same query functions as the routes (no hand-written INSERTs), and only when the
// catalogue is empty, so running it at every development start is harmless.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { createCourse, listCourses, type CourseInput } from './courses.js';

export const DEVELOPMENT_COURSES: readonly CourseInput[] = Object.freeze([
  { title: 'Threat modelling for web APIs', description: 'STRIDE, data flows and trust boundaries.', priceCents: 0 },
  { title: 'Authentication done right', description: 'Passwords, tokens, sessions and MFA.', priceCents: 4900, currency: 'EUR' },
  { title: 'Access control and IDOR', description: 'Scopes, roles and object-level checks.', priceCents: 2900, currency: 'EUR' },
]);

/** Creates the development courses when there is no live course yet; returns how many it made. */
export async function seedDevelopmentCourses(db: Kysely<Database>): Promise<number> {
  if ((await listCourses(db, { limit: 1, offset: 0 })).length > 0) return 0;
  for (const course of DEVELOPMENT_COURSES) await createCourse(db, course, null);
  return DEVELOPMENT_COURSES.length;
}
