// Query-string parser for Fastify (`routerOptions.querystringParser`): like Fastify's default
// (repeated keys become arrays, `+` is a space), but `__proto__`, `constructor` and `prototype`
// keys are dropped, so `Object.assign({}, request.query)` in a handler can never swap a
// prototype, and the number of parameters is bounded.

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_QUERY_PARAMETERS = 256;

export function parseQueryString(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  // Most requests have no query string: no URLSearchParams for them (as Fastify's default parser).
  if (query.length === 0) return out;
  let count = 0;
  for (const [key, value] of new URLSearchParams(query)) {
    if (FORBIDDEN.has(key)) continue;
    if (++count > MAX_QUERY_PARAMETERS) break;
    const existing = Object.hasOwn(out, key) ? out[key] : undefined;
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}
