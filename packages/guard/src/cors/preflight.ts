// What counts as a CORS preflight: OPTIONS with Access-Control-Request-Method and an Origin. The
// cors layer answers such a request itself, and the rate limiter counts it (in `public`, by
// address) before that answer; both use this one test so that they agree.
import type { FastifyRequest } from 'fastify';

export function isPreflight(request: FastifyRequest): boolean {
  return (
    request.method === 'OPTIONS' &&
    typeof request.headers['access-control-request-method'] === 'string' &&
    request.headers.origin !== undefined
  );
}
