// Certificates: one certificate for its owner (with `certificates:read`) or an admin, anyone
// else's is 404 (the query's owner filter); the caller's own list; and issuance by an admin
// to a user enrolled in the course (201, or 200 with the existing certificate).
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { getCertificate, issueCertificate, listOwnCertificates } from '../resources/certificates.js';
import { bodyOf, idOf } from '../resources/request-parts.js';
import { principalOf, notFound } from '../resources/principal.js';
import { certificate, idParams, uuid } from '../resources/schemas.js';
import { viewerOf } from '../resources/viewer.js';

const OWN_LIST_LIMIT = 100;

export default async function certificateRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db } = opts.ctx;

  app.get(
    '/api/certificates/:id',
    {
      // Admin holds every scope, so the scope check admits both owners and admins.
      config: { access: { scopes: ['certificates:read'] }, rateLimit: 'authenticated' },
      schema: { params: idParams, response: { 200: certificate } },
    },
    async (request) => {
      const found = await getCertificate(db, idOf(request), viewerOf(principalOf(request)));
      if (!found) throw notFound();
      return found;
    },
  );

  app.get(
    '/api/me/certificates',
    {
      config: { access: { scopes: ['certificates:read'] }, rateLimit: 'authenticated' },
      schema: {
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['certificates'],
            properties: { certificates: { type: 'array', items: certificate } },
          },
        },
      },
    },
    async (request) => ({ certificates: await listOwnCertificates(db, principalOf(request).subject, OWN_LIST_LIMIT) }),
  );

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
      // Not enrolled (or no such user or course): nothing to certify.
      const issued = await issueCertificate(db, userId.toLowerCase(), courseId.toLowerCase());
      if (!issued) throw notFound();
      const found = await getCertificate(db, issued.id, viewerOf(principalOf(request)));
      if (!found) throw notFound();
      return reply.code(issued.created ? 201 : 200).send(found);
    },
  );
}
