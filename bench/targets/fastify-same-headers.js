// The header-equal baseline of scenarios 1 and 2 (the "header-equal bare Fastify"): bare
// Fastify, no security logic, answering with the very headers the Rampart target sent for the same
// request (captured by the orchestrator and passed in BENCH_HEADERS: the security set and the
// contract's RateLimit, RateLimit-Policy and Access-Control-Expose-Headers) and a fresh request id
// per response, like Rampart's. The difference to Rampart is then only guard's per-request work,
// not the bytes and header validation Node spends on headers bare Fastify does not send.
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { BODY, BODY_RESPONSE_SCHEMA, HOST, PORT, announce } from './common.js';

const headers = JSON.parse(process.env.BENCH_HEADERS ?? '{}');
const app = Fastify({ logger: false });
const bodySchema = BODY_RESPONSE_SCHEMA;
const handler = (_request, reply) => {
  reply.headers(headers).header('x-request-id', randomUUID());
  return BODY;
};
app.get('/bench', { schema: { response: bodySchema } }, handler);
app.get('/bench/auth', { schema: { response: bodySchema } }, handler);
await app.listen({ host: HOST, port: PORT });
announce(app.server.address().port);
