// CORS with an exact allow list. Each configured origin is parsed as a URL once at start and kept
// as its canonical serialisation (`scheme://host[:port]`, lower case, default port dropped), the
// form every browser sends in `Origin` (RFC 6454). A request's Origin is then compared with those
// strings for EQUALITY: no substring, suffix or RegExp test, no per-request parsing. So
// `https://app.example.com.evil.test`, `https://evilapp.example.com`, `http://` for `https://`,
// `null`, `HTTPS://APP.EXAMPLE.COM`, a trailing dot, userinfo or a path are all simply not equal.
// Methods and headers are explicit lists (Access-Control-Request-Headers is never reflected).
// A preflight is answered here: 204 with the precomputed headers when everything requested is
// allowed, else a 403 GuardError and no CORS header at all.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GuardError } from '../errors/index.js';
import type { CorsPolicy, GuardPolicy, LayerCheck } from '../policy/types.js';
import { isPreflight } from './preflight.js';

export { isPreflight } from './preflight.js';

/** Canonical origin of one allow-list entry; throws at start for anything that is not one. */
export function canonicalOrigin(entry: string): string {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new TypeError(`cors.origins: "${entry}" is not a URL origin (write "https://app.example.com")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`cors.origins: "${entry}" must use https: or http:`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname !== '/' || entry.endsWith('/')) {
    throw new TypeError(`cors.origins: "${entry}" must be an origin only (no user, path, query or fragment)`);
  }
  if (url.hostname.endsWith('.')) throw new TypeError(`cors.origins: "${entry}" must not end with a dot`);
  return url.origin;
}

interface CompiledCors {
  /** Canonical allowed origins; undefined in `'*'` mode. */
  readonly origins: ReadonlySet<string> | undefined;
  readonly credentials: boolean;
  readonly methods: ReadonlySet<string>;
  /** Lower-cased allowed request headers. */
  readonly headers: ReadonlySet<string>;
  readonly allowMethods: string;
  readonly allowHeaders: string;
  readonly exposeHeaders: string;
  readonly maxAge: string;
}

const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function compileCors(cors: CorsPolicy): CompiledCors {
  let origins: Set<string> | undefined;
  if (cors.origins === '*') {
    origins = undefined;
  } else if (Array.isArray(cors.origins)) {
    origins = new Set();
    for (const entry of cors.origins as readonly string[]) {
      if (entry === 'null' || entry === '*') throw new TypeError(`cors.origins: "${entry}" cannot be part of a list`);
      origins.add(canonicalOrigin(entry));
    }
  } else {
    // `true` (reflect any origin) and RegExp are what this layer exists to avoid.
    throw new TypeError('cors.origins: reflecting origins or matching them with a RegExp is not supported; list exact origins');
  }
  for (const name of [...cors.methods, ...cors.allowedHeaders, ...cors.exposedHeaders]) {
    if (!HEADER_TOKEN.test(name)) throw new TypeError(`cors: "${name}" is not a method or header name`);
  }
  return {
    origins,
    // With `'*'` browsers refuse credentials anyway; the header is only sent for a list.
    credentials: cors.credentials && origins !== undefined,
    methods: new Set(cors.methods.map((m) => m.toUpperCase())),
    headers: new Set(cors.allowedHeaders.map((h) => h.toLowerCase())),
    allowMethods: cors.methods.map((m) => m.toUpperCase()).join(', '),
    allowHeaders: cors.allowedHeaders.join(', '),
    exposeHeaders: cors.exposedHeaders.join(', '),
    maxAge: String(Math.max(0, Math.floor(cors.maxAgeSeconds))),
  };
}

/** True when every header named in Access-Control-Request-Headers is on the list. */
function requestedHeadersAllowed(value: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (value === undefined || value === '') return true;
  if (value.length > 2048) return false;
  for (const part of value.split(',')) {
    const name = part.trim().toLowerCase();
    if (name !== '' && !allowed.has(name)) return false;
  }
  return true;
}

export function createCorsLayer(policy: GuardPolicy): LayerCheck {
  const cors = compileCors(policy.cors);
  const { origins } = cors;

  return function checkCors(request: FastifyRequest, reply: FastifyReply): GuardError | undefined {
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    const allowed = typeof origin === 'string' && (origins === undefined || origins.has(origin));
    if (isPreflight(request)) {
      // Preflight: the layer answers it, success only when everything asked for is allowed.
      const requestMethod = request.headers['access-control-request-method'] as string;
      const requestHeaders = request.headers['access-control-request-headers'];
      if (
        !allowed ||
        !cors.methods.has(requestMethod) ||
        !requestedHeadersAllowed(typeof requestHeaders === 'string' ? requestHeaders : undefined, cors.headers)
      ) {
        return new GuardError('RAMPART_ERR_CORS_ORIGIN_DENIED');
      }
      reply.header('access-control-allow-origin', origins === undefined ? '*' : origin);
      if (cors.credentials) reply.header('access-control-allow-credentials', 'true');
      reply.header('access-control-allow-methods', cors.allowMethods);
      if (cors.allowHeaders !== '') reply.header('access-control-allow-headers', cors.allowHeaders);
      reply.header('access-control-max-age', cors.maxAge);
      reply.code(204).send();
      return undefined;
    }

    if (allowed) {
      reply.header('access-control-allow-origin', origins === undefined ? '*' : origin);
      if (cors.credentials) reply.header('access-control-allow-credentials', 'true');
      if (cors.exposeHeaders !== '') reply.header('access-control-expose-headers', cors.exposeHeaders);
    }
    return undefined;
  };
}
