// Authenticate layer: on non-public routes, parses a bearer token and asks the application's
// verifier. It never rejects by itself (the authorize layer decides, after rate limiting, so
// that a flood of bad tokens is still limited); it sets `request.principal` or records why not.
// A verifier that throws anything but a 5xx GuardError means "invalid token": never a 500 with
// details.
import '../route-policy/augment.js';
import type { FastifyRequest } from 'fastify';
import { GuardError } from '../errors/index.js';
import type { GuardPolicy, LayerCheck, Principal } from '../policy/types.js';
import { cachedRouteGuardConfig } from '../route-policy/index.js';
import { parseBearer, presentedBearerToken } from './parse-bearer.js';
import { recordAuthFailure } from './state.js';

export { parseBearer, MAX_AUTHORIZATION_LENGTH } from './parse-bearer.js';
export { authFailureOf, recordAuthFailure, type AuthFailure } from './state.js';

function isPrincipal(value: unknown): value is Principal {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<Principal>;
  return typeof p.subject === 'string' && p.subject.length > 0 && p.scopes instanceof Set && p.roles instanceof Set;
}

export function createAuthenticateLayer(policy: GuardPolicy): LayerCheck {
  const verifier = policy.authenticate;

  function rejected(request: FastifyRequest, error: unknown): GuardError | undefined {
    if (error instanceof GuardError && error.statusCode >= 500) return error; // e.g. key store down
    if (!(error instanceof GuardError)) {
      request.log.warn({ err: error }, 'bearer verifier threw a non-GuardError; treated as an invalid token');
    }
    recordAuthFailure(request, 'invalid');
    return undefined;
  }

  function accepted(request: FastifyRequest, principal: unknown): undefined {
    if (isPrincipal(principal)) request.principal = principal;
    else {
      request.log.error('bearer verifier returned something that is not a Principal; treated as an invalid token');
      recordAuthFailure(request, 'invalid');
    }
    return undefined;
  }

  const verifyCached = verifier?.verifyCached?.bind(verifier);

  return function authenticate(request) {
    const config = cachedRouteGuardConfig(request);
    if (config === undefined || config.access === 'public') return undefined;
    const header = request.headers.authorization;
    let askedCache = false;
    try {
      // Most requests of a client repeat a token the verifier already verified: looked up first,
      // as presented, without the strict parse (a cached token passed it, or is a verified JWT,
      // whose characters are all token68). Saves a pass of the pattern over a ~600-byte header.
      const presented = presentedBearerToken(header);
      if (verifyCached !== undefined && presented !== undefined) {
        const remembered = verifyCached(presented);
        if (remembered !== undefined) return accepted(request, remembered);
        askedCache = true;
      }
    } catch (error) {
      return rejected(request, error);
    }
    const token = parseBearer(header);
    if (token === undefined) return undefined;
    if (token === null || verifier === undefined) {
      recordAuthFailure(request, token === null ? 'malformed' : 'invalid');
      return undefined;
    }
    let pending: Promise<Principal>;
    try {
      // A token already verified needs no promise (when not asked above: another spelling of the scheme).
      const remembered = askedCache ? undefined : verifyCached?.(token);
      if (remembered !== undefined) return accepted(request, remembered);
      pending = verifier.verify(token, request);
    } catch (error) {
      return rejected(request, error);
    }
    return Promise.resolve(pending).then(
      (principal) => accepted(request, principal),
      (error: unknown) => rejected(request, error),
    );
  };
}
