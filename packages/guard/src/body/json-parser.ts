// The only body parser guard installs: `application/json` in UTF-8. It rejects prototype
// poisoning keys and excessive nesting after JSON.parse (V8's parser is iterative, so a deep
// document cannot overflow the stack there; the check below is bounded by maxDepth).
import type { FastifyRequest } from 'fastify';
import { GuardError } from '../errors/index.js';
import { cachedRouteGuardConfig } from '../route-policy/index.js';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
const UTF8 = new Set(['utf-8', 'utf8']);
// `constructor` is refused as well as `__proto__`: `constructor.prototype` poisons prototypes
// through naive merges, and no API field needs either name.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

/** Why a parsed document is refused, or undefined when it is acceptable. */
export function inspectJson(value: unknown, maxDepth: number): 'too_deep' | 'forbidden_key' | undefined {
  return inspect(value, 0, maxDepth);
}

function inspect(value: unknown, depth: number, maxDepth: number): 'too_deep' | 'forbidden_key' | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth + 1 > maxDepth) return 'too_deep';
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = inspect(item, depth + 1, maxDepth);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return 'forbidden_key';
    const problem = inspect((value as Record<string, unknown>)[key], depth + 1, maxDepth);
    if (problem) return problem;
  }
  return undefined;
}

/** Refuses charsets other than UTF-8 (RFC 8259 requires UTF-8 for JSON exchanged between systems). */
export function charsetProblem(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const match = CHARSET.exec(contentType);
  return match !== null && !UTF8.has((match[1] ?? '').toLowerCase());
}

export function createJsonParser(maxDepth: number) {
  return function guardJsonParser(
    request: FastifyRequest,
    body: string | Buffer,
    done: (error: Error | null, body?: unknown) => void,
  ): void {
    const encoding = request.headers['content-encoding'];
    const route = cachedRouteGuardConfig(request);
    // Compressed bodies are not decoded (a zip bomb must not get past the size limit): 415. A
    // route that lists its own content types takes them instead of JSON: 415 too.
    if (
      charsetProblem(request.headers['content-type']) ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity') ||
      route?.contentTypes !== undefined
    ) {
      done(new GuardError('RAMPART_ERR_BODY_UNSUPPORTED_MEDIA_TYPE'));
      return;
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim().length === 0) {
      done(new GuardError('RAMPART_ERR_BODY_EMPTY'));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // V8's message quotes the input ("...hunter2}" is not valid JSON): keep only the position,
      // so a password in a malformed body never reaches the logs.
      const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
      const cause = new SyntaxError(`invalid JSON${position ? ` at position ${position}` : ''}`);
      done(new GuardError('RAMPART_ERR_BODY_INVALID_JSON', { cause }));
      return;
    }
    const problem = inspectJson(parsed, maxDepth);
    if (problem === 'too_deep') done(new GuardError('RAMPART_ERR_BODY_TOO_DEEP'));
    else if (problem === 'forbidden_key') done(new GuardError('RAMPART_ERR_BODY_FORBIDDEN_KEY'));
    else {
      // Webhook signatures are computed over the exact bytes, not over a re-serialisation.
      if (route?.rawBody === true) request.rawBody = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      done(null, parsed);
    }
  };
}
