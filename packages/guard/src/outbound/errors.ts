// The one error createSafeFetch rejects with (besides the caller's own AbortSignal reason).
// `code` is a closed union so that callers can map each refusal to their own answer.

export type SafeFetchErrorCode =
  /** The input is not an absolute URL (or a redirect's Location is not one). */
  | 'invalid_url'
  /** The scheme is not in `allowedSchemes` (default http and https). */
  | 'scheme_refused'
  /** The port is not in `allowedPorts` (default 80 and 443). */
  | 'port_refused'
  /** The destination address is not public unicast (loopback, private, link-local, metadata, ...). */
  | 'address_refused'
  /** A redirect while redirects are off, more than `maxRedirects`, or one that cannot be replayed. */
  | 'redirect_refused'
  /** The response declared or streamed more than `maxResponseBytes`. */
  | 'too_large'
  /** `timeoutMs` passed before the response (including its body) was complete. */
  | 'timeout'
  /** HTTP(S)_PROXY is set in the environment but no `proxy` option says what to do with it. */
  | 'proxy_refused'
  /** The connection or the exchange failed (DNS, refused connection, TLS, reset). */
  | 'network_error';

export const SAFE_FETCH_ERROR_CODES: readonly SafeFetchErrorCode[] = Object.freeze([
  'invalid_url',
  'scheme_refused',
  'port_refused',
  'address_refused',
  'redirect_refused',
  'too_large',
  'timeout',
  'proxy_refused',
  'network_error',
]);

export class SafeFetchError extends Error {
  override readonly name = 'SafeFetchError';
  readonly code: SafeFetchErrorCode;

  constructor(code: SafeFetchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isSafeFetchError(value: unknown): value is SafeFetchError {
  return value instanceof SafeFetchError;
}
