// GET /metrics: Prometheus text of the platform's registry (ctx.metrics, the one the assembly
// creates; the METRICS_PORT listener serves the same) for role admin. The plugin also counts every
// response of the server, so it is registered without encapsulation (Fastify's `skip-override`, what
// fastify-plugin sets) to put its onResponse hook on the parent instance.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { createHttpMetrics } from '../resources/http-metrics.js';

async function metricsRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const metrics = createHttpMetrics(opts.ctx.metrics);

  // A callback hook, not an async one: no promise per response for a synchronous observation.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observe(request, reply);
    done();
  });

  app.get(
    '/metrics',
    {
      config: { access: { roles: ['admin'] }, rateLimit: 'authenticated' },
      schema: { response: { 200: { type: 'string' } } },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}

// Documented Fastify mechanism behind fastify-plugin: do not create an encapsulated context.
Object.defineProperty(metricsRoutes, Symbol.for('skip-override'), { value: true });

export default metricsRoutes;
