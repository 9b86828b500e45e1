// Liveness for the load balancer: reached by the pod address as Host (a CIDR of allowedHosts).
import type { FastifyInstance } from 'fastify';

export function healthRoute(app: FastifyInstance): void {
  app.get('/livez', {
    config: { access: 'public', rateLimit: 'health' },
    schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));
}
