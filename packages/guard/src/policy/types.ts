// The one policy object that configures every guard layer.
// `GuardPolicyInput` is what callers write (everything optional but the few things that have no
// safe default); `GuardPolicy` is the validated, defaulted and deep-frozen result.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCodeTable } from '../errors/code-table.js';
import type { ErrorRenderer } from '../errors/render.js';
import type { EventsPolicy } from '../events/index.js';

export type GuardMode = 'development' | 'production';

/** A rate-limit class name the policy defines (`rateLimit.classes`); guard's built-in classes
 * are `public` and `authenticated`. Every route names one (or declares an inline limit). */
export type RateLimitClass = string;

/** How a class keys its counter: `address` (client address, IPv6 by /64; counted before
 * authentication), `subject` (the verified principal's subject, counted after authentication;
 * the client address when there is none), or a function of the request (counted before
 * authentication: it sees headers, URL, params and query, not the body nor the principal). */
export type RateLimitKey = 'address' | 'subject' | ((request: FastifyRequest) => string);

/** An inline limit on one route (`config.rateLimit: { limit, windowMs }`): its own counters,
 * keyed like a `subject` class (the principal's subject, else the client address). */
export interface InlineRateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitRule {
  /** Requests admitted per window. */
  readonly limit: number;
  /** Window length in milliseconds. */
  readonly windowMs: number;
  /** What to do when a shared store is unreachable: refuse with 503 (`closed`) or fall back to
   * the bounded in-process limiter (`fallback`). */
  readonly onStoreFailure: 'closed' | 'fallback';
  /** A second, coarser key for anonymous IPv6 clients: besides its /64, the client's /48 (one
   * site, which can hold 65,536 /64s) may make at most `ipv6Prefix48Factor * limit` requests per
   * window. Only requests the /64 admitted are counted in the /48, so one /64 alone cannot use
   * up its neighbours' budget. 0 or absent: no /48 key. IPv4 is unaffected. */
  readonly ipv6Prefix48Factor?: number;
  /** The class's key (default `address`; guard's `authenticated` class: `subject`). */
  readonly key?: RateLimitKey;
  /** A second key counted IN ADDITION to `key` (e.g. the account a login names), in the
   * preValidation hook: the body is parsed there (not yet validated: read it defensively). It
   * runs only for requests the first key admitted. `undefined` or `''`: no second count. */
  readonly alsoKey?: (request: FastifyRequest) => string | undefined;
  /** Budget of one `alsoKey` value per window (default: `limit`). */
  readonly alsoKeyLimit?: number;
  /** Client addresses or CIDRs this class never limits (matched against the address guard
   * computes: the socket peer, or X-Forwarded-For from a trusted proxy). */
  readonly allowList?: readonly string[];
}

/** Who a verified bearer token speaks for. */
export interface Principal {
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  /** Token id (`jti`), when the token has one. */
  readonly tokenId?: string;
  readonly issuer: string;
  /** Verified claims, for handlers that need more (never logged). */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** Supplied by the application: verifies a bearer token or throws a GuardError
 * (`RAMPART_ERR_AUTH_INVALID_TOKEN`). Guard never sees keys. */
export interface BearerVerifier {
  verify(token: string, request: FastifyRequest): Promise<Principal>;
  /** Optional: the principal of a token this verifier already verified and still accepts, at
   * once (no promise), else undefined, and then `verify` decides. It must accept exactly what
   * `verify` would accept; guard asks it first on every authenticated request. */
  verifyCached?(token: string): Principal | undefined;
}

/** Access a route declares. `public`: anyone. `authenticated`: any valid token (object-level
 * checks happen in the handler's query). Otherwise every listed scope and every listed role. */
export type RouteAccess =
  | 'public'
  | 'authenticated'
  | { readonly scopes?: readonly string[]; readonly roles?: readonly string[] };

/** What each route must declare in its Fastify `config`. */
export interface RouteGuardConfig {
  readonly access: RouteAccess;
  readonly rateLimit: RateLimitClass | InlineRateLimit;
  /** Skip the `allowedHosts` check for this route (default false). */
  readonly hostExempt?: boolean;
  /** Security headers profile: `'api'` (default; CSP `default-src 'none'`) or `'page'` (an HTML
   * page: CSP from `policy.headers.pageCsp`). */
  readonly headers?: 'api' | 'page';
  /** Page profile: per-response CSP nonce (`reply.cspNonce`); default `policy.headers.pageCspNonce`. */
  readonly cspNonce?: boolean;
  /** Keep the exact bytes of the body as `request.rawBody` (webhook signatures). */
  readonly rawBody?: boolean;
  /** Media types (`type/subtype`) this route accepts INSTEAD of JSON; `request.body` is then the
   * raw bytes (a Buffer) and no `schema.body` is declared. */
  readonly contentTypes?: readonly string[];
}

/** The config `policy.routeDefaults` supplies to a route registered without guard's config
 * (by another plugin: @fastify/static, @fastify/swagger, ...). */
export type RouteDefaultConfig = Pick<RouteGuardConfig, 'access' | 'rateLimit'> &
  Partial<Pick<RouteGuardConfig, 'headers' | 'cspNonce'>>;

/** One entry of `policy.routeDefaults`: routes whose URL is `prefix` or lies under it (whole
 * path segments, case-insensitive) get `config`; the longest matching prefix wins. */
export interface RouteDefault {
  readonly prefix: string;
  readonly config: RouteDefaultConfig;
}

/** `policy.routeDefaults`: a list, longest prefix wins. (Data only, like the rest of the policy:
 * it is validated, merged and frozen with it.) */
export type RouteDefaults = readonly RouteDefault[];

/** Decision of a rate-limit store for one hit. */
export interface RateLimitDecision {
  /** Hits counted in the current window, this one included. */
  readonly count: number;
  /** Epoch milliseconds at which the current window ends. */
  readonly resetAt: number;
}

/** Decision for a key and, when that key was within its limit, for a wider key of the same
 * client (its IPv6 /48). */
export interface NestedRateLimitDecision extends RateLimitDecision {
  /** Absent when the first key was over its limit: then the wider key is not counted. */
  readonly wider?: RateLimitDecision;
}

/** Storage of rate-limit counters. The in-process store answers synchronously; a shared store
 * (Redis) returns a promise and rejects with `StoreUnavailableError` when unreachable. */
export interface RateLimitStore {
  readonly kind: 'memory' | 'shared';
  hit(key: string, windowMs: number, now: number): RateLimitDecision | Promise<RateLimitDecision>;
  /** Optional: counts `key`, then `wider` only when `key` is within `limit`, as one operation
   * (one round trip for a shared store). Without it, the layer calls `hit` twice. */
  hitNested?(
    key: string,
    wider: string,
    limit: number,
    windowMs: number,
    now: number,
  ): NestedRateLimitDecision | Promise<NestedRateLimitDecision>;
  close(): Promise<void>;
}

export interface HstsPolicy {
  readonly maxAge: number; // seconds
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

export interface HeadersPolicy {
  readonly hsts: HstsPolicy;
  /** Content-Security-Policy directives for the `page` profile (a web page served by the API).
   * The `api` profile is fixed: `default-src 'none'; frame-ancestors 'none'`. */
  readonly pageCsp: Readonly<Record<string, readonly string[]>>;
  /** Page profile only: a fresh 128-bit nonce per response (`reply.cspNonce`), added to that
   * response's `script-src` and `style-src`. A route may override it with `config.cspNonce`. */
  readonly pageCspNonce: boolean;
  readonly referrerPolicy: string;
  readonly permissionsPolicy: string;
  readonly crossOriginOpenerPolicy: string;
  readonly crossOriginResourcePolicy: string;
}

export interface CorsPolicy {
  /** Exact origins (`https://app.example.com`, port included when not default). In production,
   * `'*'`, `true` (reflect), `'null'` and RegExp are refused together with credentials. */
  readonly origins: readonly string[] | '*' | true | RegExp;
  readonly credentials: boolean;
  readonly methods: readonly string[];
  readonly allowedHeaders: readonly string[];
  readonly exposedHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

/** What the rate limiter decided for one counted key: within (`allowed`) or over (`limited`,
 * a 429) the limit; the same decided by the in-process fallback while a shared store failed
 * (`fallback_*`); or refused with 503 because the shared store failed (`unavailable`). */
export type RateLimitOutcome = 'allowed' | 'limited' | 'fallback_allowed' | 'fallback_limited' | 'unavailable';

/** `metrics.onRateLimitDecision`: called synchronously with the class's name (`route` for an inline
 * limit) and the outcome; for metrics. Must be cheap and must not throw (what it throws is
 * ignored). */
export type RateLimitDecisionHook = (className: RateLimitClass, outcome: RateLimitOutcome) => void;

export interface RateLimitPolicy {
  /** `'memory'` for the bounded in-process store, or a store instance (Redis). guard closes the
   * store it was given when Fastify closes (`onClose`). */
  readonly store: 'memory' | RateLimitStore;
  readonly classes: Readonly<Record<RateLimitClass, RateLimitRule>>;
  /** Upper bound on distinct keys the in-process store tracks per window. */
  readonly maxKeys: number;
}

/** Hooks for the application's metrics (docs/guard.md, "Metrics hooks"); empty: none. */
export interface MetricsPolicy {
  /** Told every rate-limit decision (a counter by class and outcome). */
  readonly onRateLimitDecision?: RateLimitDecisionHook;
}

export interface SecurityTxtPolicy {
  /** `mailto:` or `https:` URIs. */
  readonly contact: readonly string[];
  /** When the file stops being valid; default one year after start. */
  readonly expires?: Date;
  readonly policy?: string;
  readonly preferredLanguages?: string;
}

/** Limits on connections, applied by the server (guardServerOptions) and the plugin. */
export interface ConnectionsPolicy {
  /** Open connections one client address (IPv6: one /64) may hold; trusted proxies are exempt. */
  readonly maxPerAddress: number;
  /** Time a client has to send the complete request headers (Node's `headersTimeout`). */
  readonly headersTimeoutMs: number;
  /** Time a client has to send the complete request (Node's `requestTimeout`). */
  readonly requestTimeoutMs: number;
}

/** Error answers (docs/errors.md). */
export interface ErrorsPolicy {
  /** The application's codes: `{ NOTE_NOT_FOUND: { status: 404, error: 'note_not_found',
   * message: 'note not found' } }` (or the result of `defineErrorCodes`). Validated at start. */
  readonly codes: ErrorCodeTable;
  /** Renders the body of every error answer (default: guard's `{error, message, reference}`). */
  readonly render?: ErrorRenderer;
}

export interface GuardPolicy {
  readonly mode: GuardMode;
  /** Number of instances the deployment runs (a memory store with more than one is refused in
   * production: limits would hold per instance only). */
  readonly instances: number;
  /** Allowed `Host` names: exact, or `*.example.com` (whole labels); IP addresses and CIDRs
   * (`10.0.0.0/8`, `fd00::/8`) match a Host that is an IP literal (`10.1.2.3`, `[fd00::1]`). */
  readonly allowedHosts: readonly string[];
  /** Addresses or CIDRs of proxies whose `X-Forwarded-*` headers are believed. `true` or a hop
   * count is refused in production. */
  readonly trustProxy: readonly string[] | boolean | number;
  readonly requestId: { readonly header: string; readonly maxLength: number };
  readonly headers: HeadersPolicy;
  readonly cors: CorsPolicy;
  readonly rateLimit: RateLimitPolicy;
  readonly body: { readonly limitBytes: number; readonly maxDepth: number };
  readonly connections: ConnectionsPolicy;
  readonly docs: { readonly enabled: boolean };
  readonly securityTxt: SecurityTxtPolicy | false;
  /** Bearer verification; required as soon as one route declares non-public access. */
  readonly authenticate?: BearerVerifier;
  /** Config for routes registered without guard's config (by other plugins); empty: none. */
  readonly routeDefaults: RouteDefaults;
  readonly errors: ErrorsPolicy;
  /** Security events of guard's refusals (docs/guard.md, "Security events"); empty: none. */
  readonly events: EventsPolicy;
  readonly metrics: MetricsPolicy;
}

// A function (a rate-limit key function, a renderer) is kept whole, like an instance.
type DeepPartial<T> = T extends RegExp | Date | RateLimitStore | BearerVerifier | readonly unknown[] | ErrorCodeTable | ((...args: never[]) => unknown)
  ? T
  : T extends object
    ? { -readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export type GuardPolicyInput = DeepPartial<GuardPolicy>;

/** The per-request function of one layer. Returns nothing when the request may go on, or an
 * error (a GuardError) that the error layer turns into the shared error response. Layers that
 * must await (authentication, shared store) return a promise. */
export type LayerCheck = (
  request: FastifyRequest,
  reply: FastifyReply,
) => void | Error | Promise<void | Error>;
