// The payment provider's webhook: authenticated by a shared secret, in a rate-limit class of its
// own so that a flood of deliveries cannot spend the budget of the public routes.
import type { FastifyInstance } from 'fastify';
import { GuardError } from '@rampart/guard';
import { NotesErrors } from '../errors.js';
import { sameSecret } from '../secrets.js';

export const WEBHOOK_RATE_LIMIT = { limit: 3, windowMs: 60_000 } as const;

export function webhookRoute(app: FastifyInstance, secret: string, received: (event: string) => void): void {
  app.post<{ Body: { event: string } }>('/webhooks/payments', {
    // `health` is the one built-in class the service uses nowhere else; its limit is the
    // webhook's (policy.ts).
    config: { access: 'public', rateLimit: 'health' },
    schema: {
      body: { type: 'object', required: ['event'], properties: { event: { type: 'string', maxLength: 100 } } },
      response: { 204: { type: 'null' } },
    },
  }, async (request, reply) => {
    const given = request.headers['x-webhook-secret'];
    if (typeof given !== 'string' || !sameSecret(given, secret)) throw new GuardError(NotesErrors.RAMPART_ERR_NOTES_BAD_SIGNATURE);
    received(request.body.event);
    return reply.code(204).send();
  });
}
