// A route's `config.rateLimit`: the name of a class the policy defines (a typo gets a "did you
// mean"), or an inline `{ limit, windowMs }` in the same ranges as a class's.
import { didYouMean } from '../policy/did-you-mean.js';
import type { GuardPolicy } from '../policy/types.js';

const INLINE_KEYS = new Set(['limit', 'windowMs']);
const MAX_WINDOW_MS = 7 * 24 * 3_600_000;

const isInteger = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** The problem of `value`, or undefined when it is acceptable. */
export function rateLimitProblem(value: unknown, policy: GuardPolicy): string | undefined {
  const names = Object.keys(policy.rateLimit.classes);
  const hint = `set it to a class of rateLimit.classes (${names.join(', ')}) or to { limit, windowMs }`;
  if (value === undefined) return `config.rateLimit is missing; ${hint}`;
  if (typeof value === 'string') {
    if (Object.hasOwn(policy.rateLimit.classes, value)) return undefined;
    const suggestion = didYouMean(value, names);
    return `config.rateLimit "${value}" is not a class of rateLimit.classes${suggestion ? `; did you mean '${suggestion}'?` : ''} (known: ${names.join(', ')})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `config.rateLimit is invalid; ${hint}`;
  const inline = value as { limit?: unknown; windowMs?: unknown };
  const unknown = Object.keys(inline).filter((key) => !INLINE_KEYS.has(key));
  if (unknown.length) return `config.rateLimit has unknown keys (${unknown.join(', ')}); an inline limit is { limit, windowMs } (define a class for more)`;
  if (!isInteger(inline.limit, 1, 1_000_000_000)) return 'config.rateLimit.limit must be an integer from 1 to 1000000000';
  if (!isInteger(inline.windowMs, 1000, MAX_WINDOW_MS)) return `config.rateLimit.windowMs must be an integer from 1000 to ${MAX_WINDOW_MS}`;
  return undefined;
}
