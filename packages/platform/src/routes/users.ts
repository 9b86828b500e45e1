// GET /api/users/:id: a user's profile, for the user themself or a holder of `users:read`.
// Everyone else gets the same 404 as for an id that does not exist.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { idOf } from '../resources/request-parts.js';
import { principalOf } from '../resources/principal.js';
import { profileReaderOf, readProfile } from '../resources/profiles.js';
import { idParams, profile } from '../resources/schemas.js';

export default async function userRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db } = opts.ctx;

  app.get(
    '/api/users/:id',
    {
      // Any valid token; whether the caller may see this user is decided in the query.
      config: { access: 'authenticated', rateLimit: 'authenticated' },
      schema: { params: idParams, response: { 200: profile } },
    },
    async (request) => readProfile(db, idOf(request), profileReaderOf(principalOf(request))),
  );
}
