// What a Fastify user would assemble: @fastify/helmet + @fastify/cors + @fastify/rate-limit + a host check.
import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { BODY, SECURITY_HEADERS, ALLOWED_ORIGIN, HOST, PORT, announce, hostAllowed, limiterSettings, requestId } from './common.js';

const app = Fastify({ logger: false, genReqId: (req) => requestId(req.headers['x-request-id']) });
app.addHook('onRequest', async (request, reply) => {
  if (!hostAllowed(request.headers.host)) return reply.code(400).send({ error: 'host_not_allowed' });
  reply.header('x-request-id', request.id);
  reply.header('permissions-policy', SECURITY_HEADERS['permissions-policy']);
  reply.header('cache-control', 'no-store');
});
await app.register(helmet, {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  hsts: { maxAge: 31536000, includeSubDomains: true, preload: false },
  originAgentCluster: false, xDnsPrefetchControl: false, xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false, xXssProtection: false,
});
await app.register(cors, { origin: [ALLOWED_ORIGIN], credentials: true, methods: ['GET', 'POST'] });
const { max, windowMs } = limiterSettings();
await app.register(rateLimit, { max, timeWindow: windowMs });
app.get('/bench', () => BODY);
await app.listen({ host: HOST, port: PORT });
announce(app.server.address().port);
