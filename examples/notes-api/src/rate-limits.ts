// The service's rate-limit classes (guard itself defines only `public` and `authenticated`).
import type { FastifyRequest } from 'fastify';

/** The user name a login names, read defensively: the body is parsed but not yet validated. */
function loginUser(request: FastifyRequest): string | undefined {
  const body = request.body as { user?: unknown } | undefined;
  return typeof body?.user === 'string' ? body.user.toLowerCase() : undefined;
}

export const RATE_LIMIT_CLASSES = {
  // 5 attempts a minute per client address, and per account from every address together;
  // Redis down: 503, never unlimited guesses.
  login: { limit: 5, windowMs: 60_000, onStoreFailure: 'closed', ipv6Prefix48Factor: 16, alsoKey: loginUser, alsoKeyLimit: 10 },
  // The payment provider's deliveries: a budget of their own, apart from the public routes.
  webhook: { limit: 3, windowMs: 60_000 },
  // Load-balancer and kubelet probes.
  health: { limit: 60, windowMs: 60_000 },
} as const;
