// The platform's rate-limit classes (docs/api.md), defined in its own policy: guard itself only
// defines `public` and `authenticated`. Login, register and password reset fail closed when the
// shared store is down (breaking Redis must not buy unlimited guesses) and give an IPv6 /48, one
// site, the budget of 16 /64s. Login and password reset also count the account the body names
// (its email, normalised as accounts store it), from every address: a distributed guessing run
// against one account gets the class limit per window in total, not per address.
import type { RateLimitRule } from '@rampart/guard';
import type { FastifyRequest } from 'fastify';
import { normaliseEmail } from '../identity/accounts/email.js';
import type { PlatformRateLimitClass, RateLimitSetting } from './index.js';

/** An IPv6 /48 gets the budget of this many /64s in the login-like classes. */
const IPV6_SITE_FACTOR = 16;

/** The email of a login or reset request. Runs in preValidation: the body is parsed, not yet
 * validated, so anything may be there; no usable email, no account count (validation refuses
 * the request next). */
export function accountKey(request: FastifyRequest): string | undefined {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return undefined;
  return normaliseEmail((body as { email?: unknown }).email);
}

type Rules = Readonly<Record<PlatformRateLimitClass, RateLimitRule>>;

export function platformRateLimitClasses(settings: Readonly<Record<PlatformRateLimitClass, RateLimitSetting>>): Rules {
  const closed = { onStoreFailure: 'closed', ipv6Prefix48Factor: IPV6_SITE_FACTOR } as const;
  const rule = (cls: PlatformRateLimitClass) => ({ limit: settings[cls].limit, windowMs: settings[cls].windowMs });
  return {
    public: { ...rule('public'), onStoreFailure: 'fallback', key: 'address' },
    authenticated: { ...rule('authenticated'), onStoreFailure: 'fallback', key: 'subject' },
    login: { ...rule('login'), ...closed, alsoKey: accountKey },
    register: { ...rule('register'), ...closed },
    passwordReset: { ...rule('passwordReset'), ...closed, alsoKey: accountKey },
    health: { ...rule('health'), onStoreFailure: 'fallback' },
  };
}
