// A small description of every policy key: the validator walks it to check types and ranges
// and to reject unknown keys (with "did you mean"). Kept as data so that docs and code agree.
import { createRequire } from 'node:module';
import type * as IpAddr from 'ipaddr.js';
import { errorCodeTableProblems } from '../errors/code-table.js';

// ipaddr.js is CommonJS without a default export in its types.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpAddr;

/** Returns a problem message, or undefined when the value is acceptable. */
export type LeafCheck = (value: unknown) => string | undefined;

export type Spec =
  | { readonly kind: 'leaf'; readonly check: LeafCheck }
  | { readonly kind: 'object'; readonly keys: Readonly<Record<string, Spec>>; readonly orFalse?: boolean }
  | { readonly kind: 'record'; readonly keyPattern: RegExp; readonly keyHint: string; readonly value: Spec };

const leaf = (check: LeafCheck): Spec => ({ kind: 'leaf', check });
const object = (keys: Record<string, Spec>, orFalse = false): Spec => ({ kind: 'object', keys, orFalse });

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

export const int = (min: number, max: number): Spec =>
  leaf((v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `must be an integer from ${min} to ${max} (got ${typeof v === 'number' ? v : describe(v)})`,
  );

export const bool = (): Spec => leaf((v) => (typeof v === 'boolean' ? undefined : `must be true or false (got ${describe(v)})`));

export const oneOf = (values: readonly string[]): Spec =>
  leaf((v) =>
    typeof v === 'string' && values.includes(v)
      ? undefined
      : `must be one of ${values.map((x) => `'${x}'`).join(', ')}`,
  );

export const text = (pattern: RegExp, hint: string, maxLength = 2048): Spec =>
  leaf((v) => (typeof v === 'string' && v.length <= maxLength && pattern.test(v) ? undefined : `must be ${hint}`));

/** Array of strings, each checked by `item` (returns a problem for a bad item). */
export const stringList = (item: (s: string) => string | undefined, maxItems = 1000): Spec =>
  leaf((v) => {
    if (!Array.isArray(v)) return `must be an array of strings (got ${describe(v)})`;
    if (v.length > maxItems) return `must have at most ${maxItems} entries`;
    for (const [index, entry] of v.entries()) {
      if (typeof entry !== 'string') return `[${index}] must be a string (got ${describe(entry)})`;
      const problem = item(entry);
      if (problem) return `[${index}] ${problem}`;
    }
    return undefined;
  });

const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const METHOD = /^[A-Z]{1,16}$/;
const HOST_NAME = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const CSP_VALUE = /^[^;,\s]{1,512}$/;
// A header value: printable ASCII, no CR/LF (header injection).
const HEADER_VALUE = /^[\x20-\x7e]{1,2048}$/;

const headerName = (s: string) => (HEADER_TOKEN.test(s) ? undefined : `"${s}" is not a valid header name`);
const method = (s: string) => (METHOD.test(s) ? undefined : `"${s}" is not an upper-case HTTP method`);

function hostName(s: string): string | undefined {
  if (HOST_NAME.test(s)) return undefined;
  if (s.startsWith('[') && s.endsWith(']') && ipaddr.IPv6.isValid(s.slice(1, -1))) return undefined;
  // IP addresses and CIDRs (a probe sends the pod IP as Host).
  if (ipaddr.IPv6.isValid(s) || ipaddr.IPv4.isValidCIDRFourPartDecimal(s) || ipaddr.IPv6.isValidCIDR(s)) return undefined;
  return `"${s}" is not a host name (exact, or *.example.com; no port), IP address or CIDR`;
}

function proxyAddress(s: string): string | undefined {
  // Four-part decimal IPv4 only: ipaddr.js also accepts forms such as `127.1` or hex octets.
  const ok =
    ipaddr.IPv4.isValidFourPartDecimal(s) ||
    ipaddr.IPv6.isValid(s) ||
    ipaddr.IPv4.isValidCIDRFourPartDecimal(s) ||
    ipaddr.IPv6.isValidCIDR(s);
  return ok ? undefined : `"${s}" is not an IP address or CIDR (e.g. 10.0.0.0/8)`;
}

/** An exact origin: scheme, host and optional port, nothing else. `'null'` is accepted here
 * and refused in production by the refusal rules. */
export function originProblem(s: string): string | undefined {
  if (s === 'null' || s === '*') return undefined;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return `"${s}" is not an origin (https://app.example.com)`;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== s) {
    return `"${s}" is not an exact origin: scheme://host[:port], no path, no trailing slash (did you mean "${url.origin}"?)`;
  }
  return undefined;
}

function corsOrigins(v: unknown): string | undefined {
  if (v === '*' || v === true || v instanceof RegExp) return undefined;
  if (!Array.isArray(v)) return `must be an array of exact origins, '*', true or a RegExp (got ${describe(v)})`;
  for (const [index, entry] of v.entries()) {
    if (typeof entry !== 'string') return `[${index}] must be a string`;
    const problem = originProblem(entry);
    if (problem) return `[${index}] ${problem}`;
  }
  return undefined;
}

function trustProxy(v: unknown): string | undefined {
  if (typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 32 ? undefined : 'hop count must be 0..32';
  if (!Array.isArray(v)) return `must be a list of proxy addresses or CIDRs (got ${describe(v)})`;
  for (const [index, entry] of v.entries()) {
    if (typeof entry !== 'string') return `[${index}] must be a string`;
    const problem = proxyAddress(entry);
    if (problem) return `[${index}] ${problem}`;
  }
  return undefined;
}

function rateLimitStore(v: unknown): string | undefined {
  if (v === 'memory') return undefined;
  if (typeof v === 'object' && v !== null) {
    const store = v as { kind?: unknown; hit?: unknown; close?: unknown };
    if ((store.kind === 'memory' || store.kind === 'shared') && typeof store.hit === 'function' && typeof store.close === 'function') {
      return undefined;
    }
  }
  return "must be 'memory' or a RateLimitStore (kind, hit(), close())";
}

function verifier(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null && typeof (v as { verify?: unknown }).verify === 'function'
    ? undefined
    : 'must be an object with verify(token, request)';
}

function contactUri(s: string): string | undefined {
  return /^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s]+)$/.test(s) ? undefined : `"${s}" must be a mailto: or https: URI`;
}

const ROUTE_PREFIX = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,512}$/;
const ROUTE_DEFAULT_KEYS = new Set(['access', 'rateLimit', 'headers', 'cspNonce']);

/** A list of `{ prefix, config }`. The config's values are checked by the route policy when a
 * route takes it (as if the route had declared it). */
function routeDefaults(v: unknown): string | undefined {
  if (!Array.isArray(v)) return `must be a list of { prefix, config } (got ${describe(v)})`;
  if (v.length > 1000) return 'must have at most 1000 entries';
  const seen = new Set<string>();
  for (const [index, entry] of v.entries()) {
    const { prefix, config, ...rest } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof entry !== 'object' || entry === null || Object.keys(rest).length) return `[${index}] must be { prefix, config } (nothing else)`;
    if (typeof prefix !== 'string' || !ROUTE_PREFIX.test(prefix)) return `[${index}].prefix must be a URL path starting with / (e.g. '/docs')`;
    const key = prefix.toLowerCase().replace(/\/+$/, '');
    if (seen.has(key)) return `[${index}].prefix '${prefix}' is listed twice`;
    seen.add(key);
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return `[${index}].config must be an object`;
    const unknown = Object.keys(config).filter((name) => !ROUTE_DEFAULT_KEYS.has(name));
    if (unknown.length) return `[${index}].config has unknown keys (${unknown.join(', ')}); allowed: ${[...ROUTE_DEFAULT_KEYS].join(', ')}`;
    const { access, rateLimit } = config as Record<string, unknown>;
    if (access === undefined || rateLimit === undefined) return `[${index}].config must set access and rateLimit`;
  }
  return undefined;
}

const expiresDate = leaf((v) =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? undefined : 'must be a valid Date',
);

const rateLimitKey = leaf((v) =>
  v === 'address' || v === 'subject' || typeof v === 'function'
    ? undefined
    : "must be 'address', 'subject' or a function (request) => string",
);

const keyFunction = leaf((v) => (typeof v === 'function' ? undefined : 'must be a function (request) => string | undefined'));

/** A class name: also the RateLimit-Policy name (an sf-string) and the prefix of its keys. */
export const RATE_LIMIT_CLASS_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const rateLimitRule = object({
  limit: int(1, 1_000_000_000),
  windowMs: int(1000, 7 * 24 * 3_600_000),
  onStoreFailure: oneOf(['closed', 'fallback']),
  ipv6Prefix48Factor: int(0, 1_000_000),
  key: rateLimitKey,
  alsoKey: keyFunction,
  alsoKeyLimit: int(1, 1_000_000_000),
  allowList: stringList(proxyAddress, 1000),
});

export const POLICY_SPEC: Spec = object({
  mode: oneOf(['development', 'production']),
  instances: int(1, 10_000),
  allowedHosts: stringList(hostName),
  trustProxy: leaf(trustProxy),
  requestId: object({
    header: text(HEADER_TOKEN, 'a header name (e.g. x-request-id)'),
    maxLength: int(8, 1024),
  }),
  headers: object({
    hsts: object({ maxAge: int(0, 2 * 31_536_000 * 10), includeSubDomains: bool(), preload: bool() }),
    pageCsp: {
      kind: 'record',
      keyPattern: /^[a-z][a-z-]{1,40}$/,
      keyHint: 'a lower-case CSP directive name',
      value: stringList((s) => (CSP_VALUE.test(s) ? undefined : `"${s}" is not a CSP source expression`), 64),
    },
    referrerPolicy: oneOf([
      'no-referrer',
      'no-referrer-when-downgrade',
      'origin',
      'origin-when-cross-origin',
      'same-origin',
      'strict-origin',
      'strict-origin-when-cross-origin',
    ]),
    permissionsPolicy: text(HEADER_VALUE, 'a Permissions-Policy header value (printable ASCII)'),
    crossOriginOpenerPolicy: oneOf(['same-origin', 'same-origin-allow-popups', 'unsafe-none']),
    crossOriginResourcePolicy: oneOf(['same-origin', 'same-site', 'cross-origin']),
    pageCspNonce: bool(),
  }),
  cors: object({
    origins: leaf(corsOrigins),
    credentials: bool(),
    methods: stringList(method, 16),
    allowedHeaders: stringList(headerName, 64),
    exposedHeaders: stringList(headerName, 64),
    maxAgeSeconds: int(0, 86_400),
  }),
  rateLimit: object({
    store: leaf(rateLimitStore),
    classes: {
      kind: 'record',
      keyPattern: RATE_LIMIT_CLASS_NAME,
      keyHint: 'a class name: a letter, then letters, digits, _ or - (at most 64)',
      value: rateLimitRule,
    },
    maxKeys: int(100, 100_000_000),
  }),
  body: object({ limitBytes: int(1, 1024 * 1_048_576), maxDepth: int(1, 1000) }),
  connections: object({ maxPerAddress: int(1, 1_000_000), headersTimeoutMs: int(100, 600_000), requestTimeoutMs: int(100, 3_600_000) }),
  docs: object({ enabled: bool() }),
  securityTxt: object(
    {
      contact: stringList(contactUri, 16),
      expires: expiresDate,
      policy: text(/^https:\/\/\S+$/, 'an https: URI'),
      preferredLanguages: text(/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*(?:\s*,\s*[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)*$/, 'a comma-separated list of language tags'),
    },
    true,
  ),
  authenticate: leaf(verifier),
  routeDefaults: leaf(routeDefaults),
  errors: object({
    codes: leaf((v) => {
      const problems = errorCodeTableProblems(v);
      return problems.length ? problems.join('; ') : undefined;
    }),
    render: leaf((v) => (typeof v === 'function' ? undefined : 'must be a function ({ status, code, error, message, reference, validation, request }) => { contentType, body }')),
  }),
  events: object({
    onSecurityEvent: leaf((v) => (typeof v === 'function' ? undefined : 'must be a function ({ event, requestId, client, method, route, status, code, subject }) => void')),
  }),
  metrics: object({
    onRateLimitDecision: leaf((v) => (typeof v === 'function' ? undefined : 'must be a function (className, outcome) => void')),
  }),
});
