// GET /api/certificates/:id: its owner (with `certificates:read`) or an admin; anyone else's
// certificate is 404, decided by the query's owner filter.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { getCertificate } from '../resources/certificates.js';
import { idOf } from '../resources/request-parts.js';
import { principalOf, notFound } from '../resources/principal.js';
import { certificate, idParams } from '../resources/schemas.js';
import { viewerOf } from '../resources/viewer.js';

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
}
