// Redaction by key name at any depth. pino's own `redact` paths are fixed-depth
// (`req.headers.authorization`), so a password nested in `body.user.credentials` would slip
// through; this walker looks at every key, down to a bounded depth.

export const REDACTED = '[REDACTED]';
const MAX_DEPTH = 8;
const MAX_KEYS = 200;
const MAX_ARRAY = 100;

// Matched against the key in lower case with every non-alphanumeric removed, so that
// `set-cookie`, `refresh_token`, `x-api-key` and `mfaSecret` are all caught.
const SENSITIVE =
  /pass(?:word|wd|phrase)|secret|token|authori[sz]ation|cookie|totp|^otp|otpauth|apikey|(?:private|signing|encryption)key|credential|sessionid|signature|^jwt$|^pin$|^cvv$|hash$/;

const decisions = new Map<string, boolean>();

export function isSensitiveKey(key: string): boolean {
  let decision = decisions.get(key);
  if (decision === undefined) {
    decision = SENSITIVE.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (decisions.size < 10_000) decisions.set(key, decision);
  }
  return decision;
}

// A bearer credential or a JWT inside free text (a log message, an error message).
const SECRET_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*|\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

export function redactText(text: string): string {
  return text.includes('Bearer') || text.includes('Basic') || text.includes('eyJ')
    ? text.replace(SECRET_IN_TEXT, (_match, scheme: string | undefined) => (scheme ? `${scheme} ${REDACTED}` : REDACTED))
    : text;
}

/** Query parameters whose names are sensitive (`?token=...` of a reset link) are blanked. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return equals !== -1 && isSensitiveKey(decoded) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, question)}?${query}`;
}

export function serializeError(error: Error, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: error.name,
    message: redactText(error.message),
    stack: error.stack === undefined ? undefined : redactText(error.stack),
  };
  for (const key of Object.keys(error).slice(0, MAX_KEYS)) {
    if (key === 'cause' || key in out) continue;
    out[key] = isSensitiveKey(key) ? REDACTED : redactDeep((error as unknown as Record<string, unknown>)[key], depth + 1);
  }
  if (error.cause !== undefined) out.cause = redactDeep(error.cause, depth + 1);
  return out;
}

/** A copy of `value` with every sensitive key's value replaced, at any depth up to MAX_DEPTH. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > 16 ? redactText(value) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (value instanceof Error) return serializeError(value, depth);
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[Binary]';
  if (Array.isArray(value)) {
    return value.slice(0, MAX_ARRAY).map((item) => redactDeep(item, depth + 1));
  }
  if (value instanceof Map) return redactDeep(Object.fromEntries(value), depth);
  if (value instanceof Set) return redactDeep([...value], depth);
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return redactDeep((json as () => unknown).call(value), depth + 1);
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (++count > MAX_KEYS) {
      out['[more]'] = '[Truncated]';
      break;
    }
    out[key] = isSensitiveKey(key) ? REDACTED : redactDeep((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}
