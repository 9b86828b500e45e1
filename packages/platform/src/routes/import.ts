// POST /api/import: bulk course import for `import:write`. JSON only (guard's body layer answers
// 415 otherwise), a route-level body limit (413), schema-validated (400), all or nothing.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import type { CourseInput } from '../resources/courses.js';
import { importCourses } from '../resources/import.js';
import { bodyOf } from '../resources/request-parts.js';
import { principalOf } from '../resources/principal.js';
import { importBody } from '../resources/schemas.js';

/** Bytes an import body may have: room for a large catalogue, far from a memory problem. */
export const IMPORT_BODY_LIMIT_BYTES = 1024 * 1024;

export default async function importRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db } = opts.ctx;

  app.post(
    '/api/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      config: { access: { scopes: ['import:write'] }, rateLimit: 'authenticated' },
      schema: {
        body: importBody,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['imported'],
            properties: { imported: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => ({ imported: await importCourses(db, bodyOf<{ courses: CourseInput[] }>(request).courses, principalOf(request).subject) }),
  );
}
