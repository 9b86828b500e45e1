// Authorize layer: 401 with `WWW-Authenticate: Bearer` when the route needs a principal and has
// none (plus `error="invalid_token"` when a token was presented and rejected); 403
// `insufficient_scope` when a required scope or role is missing. A matched route without a
// declared policy (it escaped the start-up check) is refused: default deny.
import type { FastifyRequest } from 'fastify';
import { authFailureOf } from '../authenticate/state.js';
import { GuardError } from '../errors/index.js';
import type { GuardPolicy, LayerCheck, Principal, RouteAccess } from '../policy/types.js';
import { cachedRouteGuardConfig } from '../route-policy/index.js';

const CHALLENGE = Object.freeze({ 'www-authenticate': 'Bearer' });
const INVALID_TOKEN = Object.freeze({ 'www-authenticate': 'Bearer error="invalid_token"' });
const INSUFFICIENT_SCOPE = Object.freeze({ 'www-authenticate': 'Bearer error="insufficient_scope"' });

export function hasAccess(principal: Principal, access: Exclude<RouteAccess, 'public' | 'authenticated'>): boolean {
  for (const scope of access.scopes ?? []) if (!principal.scopes.has(scope)) return false;
  for (const role of access.roles ?? []) if (!principal.roles.has(role)) return false;
  return true;
}

function unauthenticated(request: FastifyRequest): GuardError {
  const failure = authFailureOf(request);
  if (failure === undefined) return new GuardError('RAMPART_ERR_AUTH_MISSING_TOKEN', { headers: CHALLENGE });
  return new GuardError(failure === 'malformed' ? 'RAMPART_ERR_AUTH_MALFORMED_HEADER' : 'RAMPART_ERR_AUTH_INVALID_TOKEN', {
    headers: INVALID_TOKEN,
  });
}

export function createAuthorizeLayer(_policy: GuardPolicy): LayerCheck {
  return function authorize(request) {
    const config = cachedRouteGuardConfig(request);
    if (config === undefined) return new GuardError('RAMPART_ERR_ROUTE_POLICY_MISSING');
    const access = config.access;
    if (access === 'public') return undefined;
    const principal = request.principal;
    if (!principal) return unauthenticated(request);
    if (access === 'authenticated' || hasAccess(principal, access)) return undefined;
    return new GuardError('RAMPART_ERR_AUTH_INSUFFICIENT_SCOPE', { headers: INSUFFICIENT_SCOPE });
  };
}
