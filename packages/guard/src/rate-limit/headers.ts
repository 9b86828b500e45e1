// RateLimit header values per draft-ietf-httpapi-ratelimit-headers-08: the policy field is
// constant per class and computed once (`"login";q=5;w=60`); the RateLimit field carries the
// remaining quota and the seconds until the window resets (`"login";r=0;t=42`).
import type { RateLimitClass, RateLimitRule } from '../policy/types.js';

export interface RateLimitHeaderName {
  /** The quoted policy name, an sf-string (`"login"`). */
  readonly name: string;
  /** The whole `RateLimit-Policy` value. */
  readonly policy: string;
}

export type RateLimitHeaderNames = ReadonlyMap<RateLimitClass, RateLimitHeaderName>;

/** A class name is a TypeScript identifier; keep the sf-string free of quotes and backslashes. */
const SAFE_NAME = /^[A-Za-z0-9_-]+$/;

export function compileRateLimitHeaders(classes: Readonly<Record<RateLimitClass, RateLimitRule>>): RateLimitHeaderNames {
  const names = new Map<RateLimitClass, RateLimitHeaderName>();
  for (const [cls, rule] of Object.entries(classes) as [RateLimitClass, RateLimitRule][]) {
    names.set(cls, rateLimitHeaderName(cls, rule));
  }
  return names;
}

/** The header names of one class (an inline route limit is named `route`). */
export function rateLimitHeaderName(cls: string, rule: Pick<RateLimitRule, 'limit' | 'windowMs'>): RateLimitHeaderName {
  if (!SAFE_NAME.test(cls)) throw new TypeError(`rateLimit class "${cls}" must be letters, digits, _ or -`);
  const name = `"${cls}"`;
  return { name, policy: `${name};q=${rule.limit};w=${Math.ceil(rule.windowMs / 1000)}` };
}

/** Whole seconds from `now` until `resetAt`, at least 1 (also the Retry-After delta). */
export function secondsUntil(resetAt: number, now: number): number {
  const seconds = Math.ceil((resetAt - now) / 1000);
  return seconds < 1 ? 1 : seconds;
}

export function rateLimitValue(name: string, remaining: number, resetSeconds: number): string {
  return `${name};r=${remaining};t=${resetSeconds}`;
}
