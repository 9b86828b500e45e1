// Security response headers, computed once when the layer is built (helmet style) and set on every
// response. Headers set on the reply in onRequest survive Fastify's error path (its error handler
// only drops content-type/content-length), so 404/405/413/415/429/500/503 carry them; a response
// rejected BEFORE this layer ran (the hosts layer) or sent outside the hooks (clientError) does not,
// which is why the error handler re-applies the layer (idempotent) — see docs/decisions/guard-layers.md.
import './augment.js';
import type { FastifyReply } from 'fastify';
import { PolicyError } from '../policy/policy-error.js';
import type { GuardPolicy, HeadersPolicy, HstsPolicy, LayerCheck } from '../policy/types.js';
import { cachedRouteGuardConfig } from '../route-policy/index.js';
import { createNonce, createNonceCsp } from './nonce.js';
import { pageCspProductionProblems } from './page-csp-refusals.js';

export { createNonce, createNonceCsp, NONCE_BYTES } from './nonce.js';
export { pageCspProductionProblems } from './page-csp-refusals.js';

/** CSP of every API (JSON) response: nothing may load, nothing may frame it. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Powerful features denied to every document (used when the policy leaves it empty). */
export const DEFAULT_PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), ' +
  'geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), ' +
  'payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), ' +
  'usb=(), xr-spatial-tracking=(), browsing-topics=(), interest-cohort=()';

/** Directives a page profile always gets unless the policy names them. */
const PAGE_CSP_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Script sources a page profile refuses: they re-open the door CSP closes. */
const FORBIDDEN_SCRIPT_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", 'data:', '*'];

export function hstsValue(hsts: HstsPolicy): string {
  let value = `max-age=${Math.floor(hsts.maxAge)}`;
  if (hsts.includeSubDomains) value += '; includeSubDomains';
  if (hsts.preload) value += '; preload';
  return value;
}

function baseHeaders(headers: HeadersPolicy, csp: string, frameOptions = 'DENY'): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': csp,
    'strict-transport-security': hstsValue(headers.hsts),
    'x-content-type-options': 'nosniff',
    'x-frame-options': frameOptions,
    'referrer-policy': headers.referrerPolicy || 'no-referrer',
    'permissions-policy': headers.permissionsPolicy || DEFAULT_PERMISSIONS_POLICY,
    'cross-origin-opener-policy': headers.crossOriginOpenerPolicy || 'same-origin',
    'cross-origin-resource-policy': headers.crossOriginResourcePolicy || 'same-origin',
    'cache-control': 'no-store',
  });
}

/** The API profile: the header set of every JSON response (also for raw clientError answers). */
export function securityHeaders(policy: GuardPolicy): Readonly<Record<string, string>> {
  return baseHeaders(policy.headers, API_CONTENT_SECURITY_POLICY);
}

/** `policy.headers.pageCsp` over the page defaults, checked: no inline or eval scripts, no
 * directive injection. */
export function pageCspDirectives(pageCsp: Readonly<Record<string, readonly string[]>>): Readonly<Record<string, readonly string[]>> {
  const directives: Record<string, readonly string[]> = { ...PAGE_CSP_DEFAULTS, ...pageCsp };
  for (const source of directives['script-src'] ?? []) {
    if (FORBIDDEN_SCRIPT_SOURCES.includes(source.toLowerCase())) {
      throw new TypeError(`headers.pageCsp: script-src must not contain ${source}; serve scripts from 'self'`);
    }
  }
  for (const [name, sources] of Object.entries(directives)) {
    if (!/^[a-z-]+$/.test(name)) throw new TypeError(`headers.pageCsp: "${name}" is not a CSP directive name`);
    for (const source of sources) {
      // Control characters too: the nonce template (nonce.ts) splits on one.
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
      if (/[;,\x00-\x1f\x7f]/.test(source)) throw new TypeError(`headers.pageCsp: "${source}" in ${name} contains ; , or a control character`);
    }
  }
  return directives;
}

export function serializeCsp(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, sources]) => (sources.length > 0 ? `${name} ${sources.join(' ')}` : name))
    .join('; ');
}

/** Serialises `policy.headers.pageCsp` over the page defaults; refuses inline or eval scripts. */
export function pageContentSecurityPolicy(pageCsp: Readonly<Record<string, readonly string[]>>): string {
  return serializeCsp(pageCspDirectives(pageCsp));
}

/** The page profile (an HTML page served by the API): same set, CSP from `policy.headers.pageCsp`
 * with `script-src 'self'` and no inline script. */
export function pageSecurityHeaders(policy: GuardPolicy): Readonly<Record<string, string>> {
  const directives = pageCspDirectives(policy.headers.pageCsp);
  return baseHeaders(policy.headers, serializeCsp(directives), legacyFrameOptions(directives['frame-ancestors']));
}

/** X-Frame-Options for browsers without CSP frame-ancestors (the others ignore it when both are
 * sent): SAMEORIGIN for a page that may only be framed by itself, else DENY (it cannot express
 * a list of origins, so it fails closed). */
function legacyFrameOptions(frameAncestors: readonly string[] | undefined): string {
  return frameAncestors?.length === 1 && frameAncestors[0]?.toLowerCase() === "'self'" ? 'SAMEORIGIN' : 'DENY';
}

export type HeadersProfile = 'api' | 'page';

/** Sets a precomputed header set on a reply: no allocation beyond Fastify's own bookkeeping. */
export function createHeaderSetter(set: Readonly<Record<string, string>>): (reply: FastifyReply) => void {
  const names = Object.keys(set);
  const values = names.map((name) => set[name] as string);
  const count = names.length;
  return function setSecurityHeaders(reply: FastifyReply): void {
    for (let i = 0; i < count; i++) reply.header(names[i] as string, values[i] as string);
  };
}

/** The headers layer. Without `profile`, per route: the page set for a route that declares
 * `config.headers: 'page'` (with a fresh CSP nonce per response when `config.cspNonce`, default
 * `policy.headers.pageCspNonce`, says so), the API set for every other response. With `profile`,
 * that set for every response. Idempotent, so the error handler may call it again for responses
 * rejected before it ran. Refuses an insecure page CSP at build time (see pageCspProductionProblems). */
export function createHeadersLayer(policy: GuardPolicy, profile?: HeadersProfile): LayerCheck {
  const api = createHeaderSetter(securityHeaders(policy));
  if (profile === 'api') {
    return function applySecurityHeaders(_request, reply): undefined {
      api(reply);
      return undefined;
    };
  }
  const problems = pageCspProductionProblems(policy);
  if (problems.length) throw new PolicyError('RAMPART_ERR_POLICY_INSECURE', problems);
  const page = createHeaderSetter(pageSecurityHeaders(policy));
  const nonceCsp = createNonceCsp(pageCspDirectives(policy.headers.pageCsp));
  const nonceByDefault = policy.headers.pageCspNonce;

  function applyPage(reply: FastifyReply, withNonce: boolean): void {
    page(reply);
    if (!withNonce) return;
    const nonce = createNonce();
    reply.cspNonce = nonce;
    reply.header('content-security-policy', nonceCsp(nonce));
  }

  if (profile === 'page') {
    return function applyPageHeaders(_request, reply): undefined {
      applyPage(reply, nonceByDefault);
      return undefined;
    };
  }
  return function applySecurityHeaders(request, reply): undefined {
    const config = cachedRouteGuardConfig(request);
    if (config?.headers === 'page') applyPage(reply, config.cspNonce ?? nonceByDefault);
    else api(reply);
    return undefined;
  };
}
