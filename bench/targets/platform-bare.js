// Scenario 6's baseline: GET /api/me WITHOUT guard. Bare Fastify, the platform's own database
// handle (configuration, Kysely over PGlite as the least-privileged application role, opened by
// assemblePlatform exactly as `rampart serve` opens it; the assembled guard server is never
// listened on) and the platform's own profile query and response schema, for a fixed user id
// instead of a verified token. It sends the same constant security header set as the other bare
// target, so bytes on the wire match.
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../packages/platform/dist/config/index.js';
import { assemblePlatform } from '../../packages/platform/dist/assembly/assemble-platform.js';
import { getProfile } from '../../packages/platform/dist/resources/profiles.js';
import { profile } from '../../packages/platform/dist/resources/schemas.js';
import { SECURITY_HEADERS, ALLOWED_ORIGIN } from './common.js';

const userId = process.env.BENCH_USER_ID;
if (!userId) throw new Error('BENCH_USER_ID is required (the id of the bench user to read)');

const config = loadConfig(process.env, process.cwd());
const platform = await assemblePlatform(config, { logLevel: config.logLevel, identity: { controlSocket: false } });
const { ctx } = platform;
const headers = {
  ...SECURITY_HEADERS,
  vary: 'Origin',
  'access-control-allow-origin': ALLOWED_ORIGIN,
  'access-control-allow-credentials': 'true',
};

const app = Fastify({ loggerInstance: ctx.logger });
app.get('/api/me', { schema: { response: { 200: profile } } }, async (_request, reply) => {
  const found = await getProfile(ctx.db, userId, { subject: userId, canReadAnyUser: false });
  if (!found) return reply.code(404).send({ error: 'not_found', message: 'Not found.' });
  reply.headers(headers).header('x-request-id', randomUUID());
  return found;
});
app.get('/health', async () => ({ status: 'ok' }));

const shutdown = async () => {
  await app.close();
  await platform.close();
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
await app.listen({ host: config.host, port: config.port });
