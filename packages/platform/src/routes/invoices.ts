// GET /api/invoices/:id: its owner (with `invoices:read`) or an admin; anyone else's invoice is
// 404, decided by the query's owner filter.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { getInvoice } from '../resources/invoices.js';
import { idOf } from '../resources/request-parts.js';
import { principalOf, notFound } from '../resources/principal.js';
import { idParams, invoice } from '../resources/schemas.js';
import { viewerOf } from '../resources/viewer.js';

export default async function invoiceRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db } = opts.ctx;

  app.get(
    '/api/invoices/:id',
    {
      // Admin holds every scope, so the scope check admits both owners and admins.
      config: { access: { scopes: ['invoices:read'] }, rateLimit: 'authenticated' },
      schema: { params: idParams, response: { 200: invoice } },
    },
    async (request) => {
      const found = await getInvoice(db, idOf(request), viewerOf(principalOf(request)));
      if (!found) throw notFound();
      return found;
    },
  );
}
