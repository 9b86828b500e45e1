// SafeFetchOptions: every knob of createSafeFetch, with the safe default of each. Invalid
// options are a programming error and throw a TypeError naming the option.
import type { SafeFetchLookup } from './lookup.js';
import { systemLookup } from './lookup.js';

export type SafeFetchScheme = 'http' | 'https';

export interface SafeFetchOptions {
  /** Schemes a request (and every redirect) may use. Default `['http', 'https']`. */
  readonly allowedSchemes?: readonly SafeFetchScheme[];
  /** Destination ports. Default `[80, 443]`. An allowed origin's own port needs no entry. */
  readonly allowedPorts?: readonly number[];
  /** Exceptions to "public unicast only": CIDRs or addresses (`10.0.0.0/8`), `host:port`
   * (`idp.internal:8443`) or origins (`https://idp.internal:8443`). Default none. */
  readonly allowPrivate?: readonly string[];
  /** Redirects followed, each rechecked (scheme, port, address). Default 0: a redirect is refused. */
  readonly maxRedirects?: number;
  /** Total time of a call, body included. Default 10,000 ms. */
  readonly timeoutMs?: number;
  /** Largest response body; the stream is aborted past it. Default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** An explicit proxy URL (undici ProxyAgent), or `false` to connect directly even when
   * HTTP(S)_PROXY is set. Default: direct, and every call refused with `proxy_refused` while
   * HTTP_PROXY / HTTPS_PROXY (either case) is set. */
  readonly proxy?: string | false;
  /** Certificate authorities trusted for https (PEM), replacing Node's bundled roots: an
   * internal service's private CA. Default: Node's roots. Certificates are always verified. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Host name resolution (default the system resolver); tests inject one. */
  readonly lookup?: SafeFetchLookup;
  /** Where the proxy variables are read (default `process.env`, read once at creation). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedSafeFetchOptions {
  readonly allowedSchemes: readonly string[];
  readonly allowedPorts: readonly number[];
  readonly allowPrivate: readonly string[];
  readonly maxRedirects: number;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly proxy: string | false | undefined;
  readonly ca: string | Buffer | (string | Buffer)[] | undefined;
  readonly lookup: SafeFetchLookup;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const SAFE_FETCH_DEFAULTS = Object.freeze({
  allowedSchemes: Object.freeze(['http', 'https'] as const),
  allowedPorts: Object.freeze([80, 443]),
  maxRedirects: 0,
  timeoutMs: 10_000,
  maxResponseBytes: 1024 * 1024,
});

function integer(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`createSafeFetch: ${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

export function resolveSafeFetchOptions(options: SafeFetchOptions): ResolvedSafeFetchOptions {
  const schemes = options.allowedSchemes ?? SAFE_FETCH_DEFAULTS.allowedSchemes;
  for (const scheme of schemes) {
    if (scheme !== 'http' && scheme !== 'https') throw new TypeError(`createSafeFetch: allowedSchemes may hold only 'http' and 'https', got ${String(scheme)}`);
  }
  const ports = options.allowedPorts ?? SAFE_FETCH_DEFAULTS.allowedPorts;
  ports.forEach((port) => integer('allowedPorts[]', port, 0, 1, 65_535));
  if (options.proxy !== undefined && options.proxy !== false) {
    const url = URL.parse(options.proxy);
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new TypeError('createSafeFetch: proxy must be an http(s) URL or false');
    }
  }
  return {
    allowedSchemes: schemes.map((s) => `${s}:`),
    allowedPorts: [...ports],
    allowPrivate: [...(options.allowPrivate ?? [])],
    maxRedirects: integer('maxRedirects', options.maxRedirects, SAFE_FETCH_DEFAULTS.maxRedirects, 0, 20),
    timeoutMs: integer('timeoutMs', options.timeoutMs, SAFE_FETCH_DEFAULTS.timeoutMs, 1, 600_000),
    maxResponseBytes: integer('maxResponseBytes', options.maxResponseBytes, SAFE_FETCH_DEFAULTS.maxResponseBytes, 0, 2 ** 31),
    proxy: options.proxy,
    ca: typeof options.ca === 'string' || Buffer.isBuffer(options.ca) || options.ca === undefined ? options.ca : [...options.ca],
    lookup: options.lookup ?? systemLookup,
    env: options.env ?? process.env,
  };
}
