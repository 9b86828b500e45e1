// guard's own stable error codes (`RAMPART_ERR_<AREA>_<WHAT>`), modelled on fastify's
// lib/errors.js: every code has an HTTP status, a stable snake_case wire code and a generic
// message that is safe to show to anyone. docs/errors.md documents every code (a test checks).
// Application codes are a table passed at registration (code-table.ts), not added here.

export interface ErrorDefinition {
  /** HTTP status the error answers with. */
  readonly status: number;
  /** Stable wire code, the `error` field of the response body. */
  readonly error: string;
  /** Generic human text, the `message` field. Never contains input or internals. */
  readonly message: string;
}

const define = <const T extends Record<string, ErrorDefinition>>(codes: T): T => codes;

/** Codes guard itself raises. */
export const GUARD_ERROR_CODES = define({
  RAMPART_ERR_INTERNAL_ERROR: { status: 500, error: 'internal_error', message: 'internal error' },
  RAMPART_ERR_HTTP_BAD_REQUEST: { status: 400, error: 'bad_request', message: 'bad request' },
  RAMPART_ERR_HTTP_BAD_URL: { status: 400, error: 'bad_url', message: 'the request URL is malformed' },
  RAMPART_ERR_HTTP_NOT_FOUND: { status: 404, error: 'not_found', message: 'not found' },
  RAMPART_ERR_HTTP_METHOD_NOT_ALLOWED: { status: 405, error: 'method_not_allowed', message: 'method not allowed' },
  RAMPART_ERR_HTTP_REQUEST_TIMEOUT: { status: 408, error: 'request_timeout', message: 'request timeout' },
  RAMPART_ERR_HTTP_HEADERS_TOO_LARGE: {
    status: 431,
    error: 'headers_too_large',
    message: 'request headers too large',
  },
  RAMPART_ERR_HTTP_CLOSING: { status: 503, error: 'service_unavailable', message: 'service unavailable' },
  RAMPART_ERR_HOST_NOT_ALLOWED: { status: 400, error: 'host_not_allowed', message: 'host not allowed' },
  RAMPART_ERR_CORS_ORIGIN_DENIED: { status: 403, error: 'cors_origin_denied', message: 'origin not allowed' },
  RAMPART_ERR_RATE_LIMIT_EXCEEDED: { status: 429, error: 'rate_limited', message: 'too many requests' },
  RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE: {
    status: 503,
    error: 'service_unavailable',
    message: 'service unavailable',
  },
  RAMPART_ERR_AUTH_MISSING_TOKEN: {
    status: 401,
    error: 'authentication_required',
    message: 'authentication required',
  },
  RAMPART_ERR_AUTH_MALFORMED_HEADER: {
    status: 401,
    error: 'invalid_token',
    message: 'the authorization header is malformed',
  },
  RAMPART_ERR_AUTH_INVALID_TOKEN: { status: 401, error: 'invalid_token', message: 'invalid or expired token' },
  RAMPART_ERR_AUTH_PROVIDER_UNAVAILABLE: {
    status: 503,
    error: 'service_unavailable',
    message: 'service unavailable',
  },
  RAMPART_ERR_AUTH_INSUFFICIENT_SCOPE: {
    status: 403,
    error: 'insufficient_scope',
    message: 'insufficient scope or role',
  },
  RAMPART_ERR_BODY_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    error: 'unsupported_media_type',
    message: 'content type must be application/json',
  },
  RAMPART_ERR_BODY_TOO_LARGE: { status: 413, error: 'payload_too_large', message: 'request body too large' },
  RAMPART_ERR_BODY_INVALID_JSON: { status: 400, error: 'invalid_json', message: 'request body is not valid JSON' },
  RAMPART_ERR_BODY_EMPTY: { status: 400, error: 'invalid_json', message: 'request body is empty' },
  RAMPART_ERR_BODY_LENGTH_MISMATCH: {
    status: 400,
    error: 'bad_request',
    message: 'request body size does not match content-length',
  },
  RAMPART_ERR_BODY_FORBIDDEN_KEY: {
    status: 400,
    error: 'forbidden_key',
    message: 'request body contains a forbidden key',
  },
  RAMPART_ERR_BODY_TOO_DEEP: { status: 400, error: 'body_too_deep', message: 'request body is nested too deeply' },
  RAMPART_ERR_BODY_UNEXPECTED: {
    status: 400,
    error: 'unexpected_body',
    message: 'this route does not accept a request body',
  },
  RAMPART_ERR_VALIDATION_FAILED: { status: 400, error: 'validation_failed', message: 'request validation failed' },
  // Start-up errors: thrown to the operator, never rendered to a client (status 500 if they were).
  RAMPART_ERR_POLICY_INVALID: { status: 500, error: 'internal_error', message: 'internal error' },
  RAMPART_ERR_POLICY_INSECURE: { status: 500, error: 'internal_error', message: 'internal error' },
  RAMPART_ERR_ROUTE_POLICY_MISSING: { status: 500, error: 'internal_error', message: 'internal error' },
  RAMPART_ERR_ERROR_CODE_INVALID: { status: 500, error: 'internal_error', message: 'internal error' },
  RAMPART_ERR_ERROR_HANDLER_REPLACED: { status: 500, error: 'internal_error', message: 'internal error' },
});

export type BuiltinErrorCode = keyof typeof GUARD_ERROR_CODES;
