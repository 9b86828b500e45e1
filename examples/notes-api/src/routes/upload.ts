// Attachments: raw bytes up to 5 MiB (the rest of the API takes JSON up to guard's 1 MiB).
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export function uploadRoute(app: FastifyInstance): void {
  app.post('/attachments', {
    config: { access: { scopes: ['notes:write'] }, rateLimit: 'authenticated', contentTypes: ['application/octet-stream'] },
    bodyLimit: MAX_ATTACHMENT_BYTES,
    schema: { response: { 201: { type: 'object', properties: { id: { type: 'string' }, bytes: { type: 'integer' }, sha256: { type: 'string' } } } } },
  }, async (request, reply) => {
    const bytes = request.body as Buffer; // contentTypes: the body is the raw bytes
    return reply.code(201).send({ id: randomUUID(), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });
}
