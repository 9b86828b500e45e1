// GET/PATCH /api/me: the caller's own profile. PATCH takes `displayName` and nothing else:
// any other field (`role`, `scopes`, `id`, `email`, ...) is a 400, never silently dropped.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { bodyOf } from '../resources/request-parts.js';
import { principalOf } from '../resources/principal.js';
import { readProfile, renameSelf } from '../resources/profiles.js';
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
      return readProfile(db, subject, { subject, canReadAnyUser: false });
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
      return renameSelf(db, subject, bodyOf<{ displayName: string }>(request).displayName);
    },
  );
}
