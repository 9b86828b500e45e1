// The verified principal of a request, as guard's authenticate layer set it. A route that
// declares non-public access never runs without one; if it somehow did, the request is refused
// as unauthenticated rather than served as nobody.
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@rampart/guard';
import { ResourceError } from '../errors/index.js';

export function principalOf(request: FastifyRequest): Principal {
  const principal = (request as FastifyRequest & { principal?: Principal | null }).principal;
  if (!principal) throw new ResourceError('ERR_RESOURCE_UNAUTHENTICATED');
  return principal;
}

/** The refusal for an object that does not exist or belongs to someone else: one code for both
 * (the HTTP edge answers the same 404 as an unknown route), so that nobody learns which ids exist. */
export function notFound(): ResourceError {
  return new ResourceError('ERR_RESOURCE_NOT_FOUND');
}
