// The ceiling: bare Fastify, no security logic. It sends the same constant header set (one
// precomputed object) so that bytes on the wire match the other targets.
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { BODY, BODY_RESPONSE_SCHEMA, SECURITY_HEADERS, ALLOWED_ORIGIN, HOST, PORT, announce } from './common.js';

const app = Fastify({ logger: false });
const headers = { ...SECURITY_HEADERS, vary: 'Origin', 'access-control-allow-origin': ALLOWED_ORIGIN, 'access-control-allow-credentials': 'true' };
const bodySchema = BODY_RESPONSE_SCHEMA;
app.get('/bench', { schema: { response: bodySchema } }, (_request, reply) => {
  reply.headers(headers).header('x-request-id', randomUUID());
  return BODY;
});
app.get('/bench/auth', { schema: { response: bodySchema } }, (_request, reply) => {
  reply.headers(headers).header('x-request-id', randomUUID());
  return BODY;
});
await app.listen({ host: HOST, port: PORT });
announce(app.server.address().port);
