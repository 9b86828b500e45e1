// The two routes every owned resource has (certificates, invoices, enrollments): one object for
// its owner or an admin, `GET /api/<plural>/:id` (anyone else's is 404: the query's owner
// filter, recorded as malicious_direct_reference when the object exists), and the caller's own list, `GET /api/me/<plural>`. Thin: the rules are in
// resources/owned.ts; the scope check admits owners and admins alike (admin holds every scope).
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import type { OwnedResource } from '../resources/owned.js';
import { idOf } from '../resources/request-parts.js';
import { principalOf } from '../resources/principal.js';
import { idParams } from '../resources/schemas.js';
import { viewerOf } from '../resources/viewer.js';
import { originOf } from './origin.js';

const OWN_LIST_LIMIT = 100;

export interface OwnedResourceRoutes<T> {
  readonly plural: 'certificates' | 'invoices' | 'enrollments';
  /** The scope both routes need. */
  readonly scope: string;
  /** The response schema of one object. */
  readonly schema: object;
  readonly resource: OwnedResource<T>;
}

export function ownedResourceRoutes<T>(spec: OwnedResourceRoutes<T>) {
  return async function routes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
    const { db, securityEvents } = opts.ctx;
    const config = { access: { scopes: [spec.scope] }, rateLimit: 'authenticated' } as const;

    app.get(
      `/api/${spec.plural}/:id`,
      { config, schema: { params: idParams, response: { 200: spec.schema } } },
      async (request) => spec.resource.read(db, idOf(request), viewerOf(principalOf(request)), securityEvents && { events: securityEvents, origin: originOf(request) }),
    );

    app.get(
      `/api/me/${spec.plural}`,
      {
        config,
        schema: {
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: [spec.plural],
              properties: { [spec.plural]: { type: 'array', items: spec.schema } },
            },
          },
        },
      },
      async (request) => ({ [spec.plural]: await spec.resource.listOwn(db, principalOf(request).subject, OWN_LIST_LIMIT) }),
    );
  };
}
