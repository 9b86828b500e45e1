// The payment provider's webhook: signed with HMAC-SHA256 over the exact body bytes
// (`config.rawBody`), in a rate-limit class of its own so that a flood of deliveries cannot
// spend the budget of the public routes.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { GuardError } from '@rampart/guard';
import { NotesErrors } from '../errors.js';

export function signatureMatches(secret: string, body: Buffer, header: string | string[] | undefined): boolean {
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(typeof header === 'string' ? header : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function webhookRoute(app: FastifyInstance, secret: string, received: (event: string) => void): void {
  app.post<{ Body: { event: string } }>('/webhooks/payments', {
    config: { access: 'public', rateLimit: 'webhook', rawBody: true },
    schema: {
      body: { type: 'object', required: ['event'], properties: { event: { type: 'string', maxLength: 100 } } },
      response: { 204: { type: 'null' } },
    },
  }, async (request, reply) => {
    const body = request.rawBody ?? Buffer.alloc(0);
    if (!signatureMatches(secret, body, request.headers['x-signature'])) throw new GuardError(NotesErrors.NOTES_BAD_SIGNATURE);
    received(request.body.event);
    return reply.code(204).send();
  });
}
