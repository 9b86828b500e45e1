// Certificates: one certificate for its owner (with `certificates:read`) or an admin, and the
// caller's own list (routes/owned-resource.ts); issuance by an admin to a user enrolled in the
// course (201, or 200 with the existing certificate; not enrolled: 404, resources/certificates.ts).
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { certificates, certify } from '../resources/certificates.js';
import { bodyOf } from '../resources/request-parts.js';
import { certificate, uuid } from '../resources/schemas.js';
import { ownedResourceRoutes } from './owned-resource.js';

const readRoutes = ownedResourceRoutes({ plural: 'certificates', scope: 'certificates:read', schema: certificate, resource: certificates });

export default async function certificateRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db } = opts.ctx;
  await readRoutes(app, opts);

  app.post(
    '/api/certificates',
    {
      config: { access: { scopes: ['users:write'], roles: ['admin'] }, rateLimit: 'authenticated' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['userId', 'courseId'],
          properties: { userId: uuid, courseId: uuid },
        },
        response: { 200: certificate, 201: certificate },
      },
    },
    async (request, reply) => {
      const { userId, courseId } = bodyOf<{ userId: string; courseId: string }>(request);
      const issued = await certify(db, userId.toLowerCase(), courseId.toLowerCase());
      return reply.code(issued.created ? 201 : 200).send(issued.certificate);
    },
  );
}
