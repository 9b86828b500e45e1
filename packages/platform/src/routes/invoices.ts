// Invoices (written only by enrollment in a priced course): one invoice for its owner (with
// `invoices:read`) or an admin, anyone else's is 404 (the query's owner filter); and the
// caller's own list.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { getInvoice, listOwnInvoices } from '../resources/invoices.js';
import { idOf } from '../resources/request-parts.js';
import { principalOf, notFound } from '../resources/principal.js';
import { idParams, invoice } from '../resources/schemas.js';
import { viewerOf } from '../resources/viewer.js';

const OWN_LIST_LIMIT = 100;

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

  app.get(
    '/api/me/invoices',
    {
      config: { access: { scopes: ['invoices:read'] }, rateLimit: 'authenticated' },
      schema: {
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['invoices'],
            properties: { invoices: { type: 'array', items: invoice } },
          },
        },
      },
    },
    async (request) => ({ invoices: await listOwnInvoices(db, principalOf(request).subject, OWN_LIST_LIMIT) }),
  );
}
