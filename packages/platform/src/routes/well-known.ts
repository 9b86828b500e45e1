// GET /.well-known/jwks.json: the public halves of the signing keys that may still verify
// (current and recently rotated). The response schema admits public JWK members only, so a
// private member could never be serialised even by mistake. (security.txt comes from guard.)
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import type { Identity } from '../identity/index.js';

const publicJwk = {
  type: 'object',
  additionalProperties: false,
  required: ['kty', 'kid', 'alg', 'use'],
  properties: {
    kty: { type: 'string' },
    crv: { type: 'string' },
    x: { type: 'string' },
    y: { type: 'string' },
    kid: { type: 'string' },
    alg: { type: 'string' },
    use: { type: 'string' },
  },
} as const;

export default async function wellKnownRoutes(app: FastifyInstance, opts: { ctx: PlatformContext; identity?: Identity }): Promise<void> {
  const { identity } = opts;
  if (!identity) return;
  app.get(
    '/.well-known/jwks.json',
    {
      config: { access: 'public', rateLimit: 'public' },
      schema: {
        response: { 200: { type: 'object', additionalProperties: false, required: ['keys'], properties: { keys: { type: 'array', items: publicJwk } } } },
      },
    },
    async (_request, reply) => {
      // Short cache: after a rotation, verifiers elsewhere see the new key within a minute.
      reply.header('cache-control', 'public, max-age=60');
      return identity.jwks();
    },
  );
}
