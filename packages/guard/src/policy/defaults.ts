// Secure defaults of every policy setting (documented in docs/guard.md).
import type { GuardMode, GuardPolicy, RateLimitClass, RateLimitRule } from './types.js';

const MINUTE = 60_000;

/** A suggested /48 budget for login-like classes, as a multiple of the class limit: one IPv6 site
 * gets the budget of 16 subscribers (/64s), not of the 65,536 /64s it holds. */
export const DEFAULT_IPV6_PREFIX48_FACTOR = 16;

/** guard's built-in classes. Any other class (login, webhook...) is the application's own
 * (`rateLimit.classes.<name>`, `limit` and `windowMs` required). */
export const DEFAULT_RATE_LIMIT_CLASSES: Readonly<Record<RateLimitClass, RateLimitRule>> = {
  public: { limit: 100, windowMs: MINUTE, onStoreFailure: 'fallback', key: 'address' },
  authenticated: { limit: 300, windowMs: MINUTE, onStoreFailure: 'fallback', key: 'subject' },
};

/** `onStoreFailure` of an application class that does not set it. */
export const DEFAULT_ON_STORE_FAILURE = 'fallback';

export const ONE_YEAR_SECONDS = 31_536_000;

export function defaultPolicy(mode: GuardMode): GuardPolicy {
  return {
    mode,
    instances: 1,
    // Production has no default host: the operator must name the public host names.
    allowedHosts: mode === 'development' ? ['localhost', '127.0.0.1'] : [],
    trustProxy: [],
    requestId: { header: 'x-request-id', maxLength: 128 },
    headers: {
      hsts: { maxAge: ONE_YEAR_SECONDS, includeSubDomains: true, preload: false },
      pageCsp: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'"],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      permissionsPolicy:
        'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
      crossOriginOpenerPolicy: 'same-origin',
      crossOriginResourcePolicy: 'same-origin',
      pageCspNonce: false,
    },
    cors: {
      origins: [],
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after', 'ratelimit', 'ratelimit-policy'],
      maxAgeSeconds: 600,
    },
    rateLimit: { store: 'memory', classes: DEFAULT_RATE_LIMIT_CLASSES, maxKeys: 100_000 },
    body: { limitBytes: 1_048_576, maxDepth: 32 },
    connections: { maxPerAddress: 256, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
    docs: { enabled: mode === 'development' },
    securityTxt: false,
    routeDefaults: [],
    errors: { codes: {} },
    events: {},
    metrics: {},
  };
}
