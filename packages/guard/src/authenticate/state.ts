// Why authentication failed for a request, so that the authorize layer can answer
// `WWW-Authenticate: Bearer error="invalid_token"` instead of a bare challenge.
import type { FastifyRequest } from 'fastify';

export type AuthFailure = 'malformed' | 'invalid';

const failures = new WeakMap<FastifyRequest, AuthFailure>();

export function recordAuthFailure(request: FastifyRequest, failure: AuthFailure): void {
  failures.set(request, failure);
}

export function authFailureOf(request: FastifyRequest): AuthFailure | undefined {
  return failures.get(request);
}
