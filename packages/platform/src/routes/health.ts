// GET /health: liveness for load balancers. Public, in its own rate-limit class, and it says
// nothing about versions, dependencies or the host.
import type { FastifyInstance } from 'fastify';

const healthResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health',
    {
      config: { access: 'public', rateLimit: 'health' },
      schema: { response: { 200: healthResponse } },
    },
    // Synchronous: Fastify sends a returned value at once, where an async handler costs a promise
    // and a microtask on every probe.
    () => ({ status: 'ok' as const }),
  );
}
