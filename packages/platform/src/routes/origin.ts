// The one place a route turns its request into the RequestOrigin that the operations it calls
// put on the security events they record (request id and client address; security-events/origin.ts).
import type { FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../security-events/index.js';

export function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, client: request.ip };
}
