// POST /api/import: bulk course import for `import:write`. JSON only (guard's body layer answers
// 415 otherwise), a route-level body limit (413), schema-validated (400), all or nothing. The
// body carries the courses (`{courses}`) or the URL of a courses document (`{url}`), fetched
// through guard's SSRF-safe fetch (resources/import-source.ts) and validated like a body.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import type { CourseInput } from '../resources/courses.js';
import { importCourses } from '../resources/import.js';
import { ImportError } from '../errors/index.js';
import { createImportFetch, fetchImportDocument } from '../resources/import-source.js';
import { bodyOf } from '../resources/request-parts.js';
import { principalOf } from '../resources/principal.js';
import { importBody, importDocument } from '../resources/schemas.js';

/** Bytes an import body (or a fetched courses document) may have: room for a large catalogue,
 * far from a memory problem. */
export const IMPORT_BODY_LIMIT_BYTES = 1024 * 1024;

type ImportBody = { readonly courses: CourseInput[] } | { readonly url: string };

export default async function importRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db, config } = opts.ctx;
  const safeFetch = createImportFetch(config, IMPORT_BODY_LIMIT_BYTES);
  app.addHook('onClose', () => safeFetch.close());

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
    async (request) => {
      const body = bodyOf<ImportBody>(request);
      let courses: CourseInput[];
      if ('url' in body) {
        const document = await fetchImportDocument(safeFetch, body.url);
        // Compiled as a body (strict: no coercion, closed objects), cached per route by Fastify.
        const validDocument = request.compileValidationSchema(importDocument, 'body');
        if (validDocument(document) !== true) throw new ImportError('ERR_IMPORT_SOURCE_INVALID');
        courses = (document as { courses: CourseInput[] }).courses;
      } else {
        courses = body.courses;
      }
      return { imported: await importCourses(db, courses, principalOf(request).subject) };
    },
  );
}
