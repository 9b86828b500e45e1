// GET /health: liveness for load balancers. Public, in its own rate-limit class, and it says
// nothing about versions, dependencies or the host. While an operator isolates the service
// (`rampart isolate`), it still answers, and says which isolation is in force.
import type { FastifyInstance } from 'fastify';
import type { RouteOptions } from './index.js';

const healthResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    isolation: { type: 'string', enum: ['read-only', 'closed'] },
  },
} as const;

export default async function healthRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  app.get(
    '/health',
    {
      config: { access: 'public', rateLimit: 'health' },
      schema: { response: { 200: healthResponse } },
    },
    // Synchronous: Fastify sends a returned value at once, where an async handler costs a promise
    // and a microtask on every probe.
    () => {
      const isolation = opts.ctx.isolation?.current() ?? 'off';
      return isolation === 'off' ? { status: 'ok' as const } : { status: 'ok' as const, isolation };
    },
  );
}
