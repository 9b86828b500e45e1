// Scenario 9's baseline: bare Fastify answering GET /health with the platform's body and the very
// headers the platform sent for it (captured by the scenario and passed in BENCH_HEADERS), a fresh
// request id per response like the platform's. No guard, no platform hooks: the difference to the
// platform is exactly the platform's and guard's per-request work.
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';

const headers = JSON.parse(process.env.BENCH_HEADERS ?? '{}');
const app = Fastify({ logger: false });
// Synchronous like the platform's handler (the same handler shape, see docs/performance.md).
app.get('/health', (_request, reply) => {
  reply.headers(headers).header('x-request-id', randomUUID());
  return { status: 'ok' };
});
const shutdown = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
