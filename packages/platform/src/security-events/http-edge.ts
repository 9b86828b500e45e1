// Where HTTP meets the security events: each request runs in its request context (request id,
// client address) so that events recorded deep in business code carry them, and guard's
// refusals (events.onSecurityEvent) become events.
import type { FastifyInstance } from 'fastify';
import type { GuardSecurityEvent } from '@rampart/guard';
import { runInRequestContext } from './request-context.js';
import type { SecurityEvents } from './security-events.js';

/** An onRequest hook (after guard's): the rest of the request runs inside its context. */
export function registerSecurityEventContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    runInRequestContext({ requestId: request.id, client: request.ip }, done);
  });
}

/** guard's `events.onSecurityEvent` for the platform: the refusal stored as its event. */
export function guardSecurityEventRecorder(events: SecurityEvents): (event: GuardSecurityEvent) => void {
  return (event) => {
    events.recordInBackground(event.event, {
      userId: event.subject ?? null,
      requestId: event.requestId,
      client: event.client,
      detail: { method: event.method, route: event.route, status: event.status, code: event.code },
    });
  };
}
