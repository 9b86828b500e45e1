// The verified principal of a request, as guard's authenticate layer set it. A route that
// declares non-public access never runs without one; if it somehow did, the request is refused
// as unauthenticated rather than served as nobody.
import type { FastifyRequest } from 'fastify';
import { GuardError, type Principal } from '@rampart/guard';

export function principalOf(request: FastifyRequest): Principal {
  const principal = (request as FastifyRequest & { principal?: Principal | null }).principal;
  if (!principal) throw new GuardError('RAMPART_ERR_AUTH_MISSING_TOKEN');
  return principal;
}

/** The answer for an object that does not exist or belongs to someone else: the same 404 as
 * an unknown route, so that nobody learns which ids exist. */
export function notFound(): GuardError {
  return new GuardError('RAMPART_ERR_HTTP_NOT_FOUND');
}
