// GET/PATCH /api/me: the caller's own profile. PATCH takes `displayName` and nothing else:
// any other field (`role`, `scopes`, `id`, `email`, ...) is a 400, never silently dropped.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { bodyOf } from '../resources/request-parts.js';
import { principalOf, notFound } from '../resources/principal.js';
import { getProfile, updateDisplayName } from '../resources/profiles.js';
import { displayName, profile } from '../resources/schemas.js';

export default async function meRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db } = opts.ctx;

  app.get(
    '/api/me',
    {
      config: { access: { scopes: ['profile:read'] }, rateLimit: 'authenticated' },
      schema: { response: { 200: profile } },
    },
    async (request) => {
      const { subject } = principalOf(request);
      // A valid token for a user with no local account (external IdP) has no profile here.
      const found = await getProfile(db, subject, { subject, canReadAnyUser: false });
      if (!found) throw notFound();
      return found;
    },
  );

  app.patch(
    '/api/me',
    {
      config: { access: { scopes: ['profile:write'] }, rateLimit: 'authenticated' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['displayName'],
          properties: { displayName },
        },
        response: { 200: profile },
      },
    },
    async (request) => {
      const { subject } = principalOf(request);
      const updated = await updateDisplayName(db, subject, bodyOf<{ displayName: string }>(request).displayName);
      if (!updated) throw notFound();
      return updated;
    },
  );
}
