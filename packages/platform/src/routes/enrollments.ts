// Enrollments: the caller's own list, and one enrollment for its owner or an admin (the owner
// filter is in the query; anyone else's enrollment is 404).
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { getEnrollment, listOwnEnrollments } from '../resources/enrollments.js';
import { idOf } from '../resources/request-parts.js';
import { principalOf, notFound } from '../resources/principal.js';
import { enrollment, idParams } from '../resources/schemas.js';
import { viewerOf } from '../resources/viewer.js';

const OWN_LIST_LIMIT = 100;

export default async function enrollmentRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db } = opts.ctx;

  app.get(
    '/api/me/enrollments',
    {
      config: { access: { scopes: ['courses:read'] }, rateLimit: 'authenticated' },
      schema: {
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['enrollments'],
            properties: { enrollments: { type: 'array', items: enrollment } },
          },
        },
      },
    },
    async (request) => ({ enrollments: await listOwnEnrollments(db, principalOf(request).subject, OWN_LIST_LIMIT) }),
  );

  app.get(
    '/api/enrollments/:id',
    {
      config: { access: { scopes: ['courses:read'] }, rateLimit: 'authenticated' },
      schema: { params: idParams, response: { 200: enrollment } },
    },
    async (request) => {
      const found = await getEnrollment(db, idOf(request), viewerOf(principalOf(request)));
      if (!found) throw notFound();
      return found;
    },
  );
}
