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
