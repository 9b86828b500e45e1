// `/.well-known/security.txt` (RFC 9116) from `policy.securityTxt`: one `Contact:` line per contact
// (`mailto:` or `https:` only), `Expires:` (ISO 8601; default one year after start),
// optional `Policy:` and `Preferred-Languages:`. The file is built and validated once at start;
// the route is public and rate limited in the `public` class. The legacy top-level
// `/security.txt` redirects to it (RFC 9116 §3 allows either; one source of truth is simpler).
import type { FastifyInstance, FastifyPluginCallback } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { GuardPolicy, RouteGuardConfig, SecurityTxtPolicy } from '../policy/types.js';

export const SECURITY_TXT_PATH = '/.well-known/security.txt';
export const LEGACY_SECURITY_TXT_PATH = '/security.txt';

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/** Comma-separated language tags (RFC 5646 shape, loosely). */
const LANGUAGE_LIST = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*(?:\s*,\s*[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)*$/;
/** Whitespace or control characters would let a value add a line (a field) of its own. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\s\u0000-\u001f\u007f]/;

const ROUTE_CONFIG = { access: 'public', rateLimit: 'public' } as const satisfies RouteGuardConfig;

/** Validates one URI of the file; `schemes` lists what is accepted (`mailto:`, `https:`). */
function checkUri(field: string, value: string, schemes: readonly string[]): string {
  if (UNSAFE_CHARS.test(value)) throw new TypeError(`securityTxt.${field}: "${value}" contains whitespace or control characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`securityTxt.${field}: "${value}" is not a URI`);
  }
  if (!schemes.includes(url.protocol)) {
    throw new TypeError(`securityTxt.${field}: "${value}" must be a ${schemes.join(' or ')} URI`);
  }
  if (url.protocol === 'mailto:' && !/^[^@]+@[^@]+$/.test(url.pathname)) {
    throw new TypeError(`securityTxt.${field}: "${value}" must name one address`);
  }
  return value;
}

/** The file's text; throws at start for an invalid configuration. */
export function buildSecurityTxt(config: SecurityTxtPolicy, startedAt: Date = new Date()): string {
  if (config.contact.length === 0) throw new TypeError('securityTxt.contact: at least one mailto: or https: URI is required');
  const lines = config.contact.map((contact) => `Contact: ${checkUri('contact', contact, ['mailto:', 'https:'])}`);
  const expires = config.expires ?? new Date(startedAt.getTime() + ONE_YEAR_MS);
  if (Number.isNaN(expires.getTime()) || expires.getTime() <= startedAt.getTime()) {
    throw new TypeError('securityTxt.expires must be a date in the future');
  }
  lines.push(`Expires: ${expires.toISOString()}`);
  if (config.policy !== undefined) lines.push(`Policy: ${checkUri('policy', config.policy, ['https:'])}`);
  if (config.preferredLanguages !== undefined) {
    if (!LANGUAGE_LIST.test(config.preferredLanguages)) {
      throw new TypeError('securityTxt.preferredLanguages must be comma-separated language tags, e.g. "en, fr"');
    }
    lines.push(`Preferred-Languages: ${config.preferredLanguages}`);
  }
  return `${lines.join('\n')}\n`;
}

// Declared like every other route's (guard's route policy requires a success schema).
const TEXT_SCHEMA = { response: { 200: { type: 'string' } } } as const;
const REDIRECT_SCHEMA = { response: { 301: { type: 'null' } } } as const;

/** Fastify plugin registering the security.txt routes (nothing when `securityTxt` is false). */
export function securityTxtRoute(policy: GuardPolicy): FastifyPluginCallback {
  const body = policy.securityTxt === false ? undefined : buildSecurityTxt(policy.securityTxt);
  const plugin: FastifyPluginCallback = (app: FastifyInstance, _options, done) => {
    if (body !== undefined) {
      app.get(SECURITY_TXT_PATH, { config: ROUTE_CONFIG, schema: TEXT_SCHEMA }, (_request, reply) => {
        reply.type('text/plain; charset=utf-8').send(body);
      });
      app.get(LEGACY_SECURITY_TXT_PATH, { config: ROUTE_CONFIG, schema: REDIRECT_SCHEMA }, (_request, reply) => {
        reply.redirect(SECURITY_TXT_PATH, 301);
      });
    }
    done();
  };
  // fastify-plugin: the routes keep their absolute paths even if registered under a prefix.
  return fastifyPlugin(plugin, { name: 'rampart-security-txt', fastify: '5.x' });
}
