// Turns any thrown value (a GuardError, one of Fastify's own errors, a validation error, or an
// unexpected crash) into one registry entry plus the safe extras of the response.
import { GuardError } from './guard-error.js';
import { BUILTIN_ERROR_CODES } from './code-table.js';
import { GUARD_ERROR_CODES, type ErrorDefinition } from './registry.js';
import { validationDetail, type ValidationIssue } from './validation-detail.js';

export interface ClassifiedError {
  readonly code: string;
  readonly definition: ErrorDefinition;
  /** Status to answer with (the definition's, or a foreign 4xx status kept as is). */
  readonly status: number;
  readonly detail: string | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** A GuardError whose code is in neither guard's table nor the application's (answered 500). */
  readonly unknownCode?: string;
  /** Every validation issue, for a renderer that lists them. */
  readonly validation?: readonly ValidationIssue[];
  /** The request part that failed validation (`body`, `querystring`, ...). */
  readonly validationContext?: string;
}

/** Fastify's own error codes that a client can trigger, mapped to ours. */
const FASTIFY_CODES: Readonly<Record<string, keyof typeof GUARD_ERROR_CODES>> = {
  FST_ERR_NOT_FOUND: 'RAMPART_ERR_HTTP_NOT_FOUND',
  FST_ERR_VALIDATION: 'RAMPART_ERR_VALIDATION_FAILED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'RAMPART_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'RAMPART_ERR_BODY_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'RAMPART_ERR_BODY_LENGTH_MISMATCH',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'RAMPART_ERR_BODY_EMPTY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'RAMPART_ERR_BODY_INVALID_JSON',
  FST_ERR_BAD_URL: 'RAMPART_ERR_HTTP_BAD_URL',
  FST_ERR_INVALID_URL: 'RAMPART_ERR_HTTP_BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'RAMPART_ERR_HTTP_BAD_URL',
  FST_ERR_ASYNC_CONSTRAINT: 'RAMPART_ERR_HTTP_BAD_REQUEST',
  // Node's http parser and socket errors, when they reach a handler.
  ERR_HTTP_REQUEST_TIMEOUT: 'RAMPART_ERR_HTTP_REQUEST_TIMEOUT',
  HPE_HEADER_OVERFLOW: 'RAMPART_ERR_HTTP_HEADERS_TOO_LARGE',
};

/** Status-only fallbacks for 4xx errors from code we do not know (their message is not trusted). */
const STATUS_CODES: Readonly<Record<number, keyof typeof GUARD_ERROR_CODES>> = {
  400: 'RAMPART_ERR_HTTP_BAD_REQUEST',
  404: 'RAMPART_ERR_HTTP_NOT_FOUND',
  405: 'RAMPART_ERR_HTTP_METHOD_NOT_ALLOWED',
  408: 'RAMPART_ERR_HTTP_REQUEST_TIMEOUT',
  413: 'RAMPART_ERR_BODY_TOO_LARGE',
  415: 'RAMPART_ERR_BODY_UNSUPPORTED_MEDIA_TYPE',
  429: 'RAMPART_ERR_RATE_LIMIT_EXCEEDED',
  431: 'RAMPART_ERR_HTTP_HEADERS_TOO_LARGE',
};

const INTERNAL = GUARD_ERROR_CODES.RAMPART_ERR_INTERNAL_ERROR;
const BAD_REQUEST = GUARD_ERROR_CODES.RAMPART_ERR_HTTP_BAD_REQUEST;

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  status?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

function builtin(code: keyof typeof GUARD_ERROR_CODES, detail?: string): ClassifiedError {
  const definition = GUARD_ERROR_CODES[code];
  return { code, definition, status: definition.status, detail, headers: undefined, retryAfterSeconds: undefined };
}

/** `codes`: guard's codes plus the application table of this registration. */
export function classifyError(error: unknown, codes: ReadonlyMap<string, ErrorDefinition> = BUILTIN_ERROR_CODES): ClassifiedError {
  if (error instanceof GuardError) {
    const definition = codes.get(error.code);
    if (!definition) {
      // A code in neither table is a programming error: an internal error, logged loudly.
      return { ...builtin('RAMPART_ERR_INTERNAL_ERROR'), unknownCode: error.code };
    }
    return {
      code: error.code,
      definition,
      status: definition.status,
      detail: definition.status < 500 ? error.detail : undefined,
      headers: error.headers,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (typeof error !== 'object' || error === null) return builtin('RAMPART_ERR_INTERNAL_ERROR');
  const like = error as ErrorLike;
  if (Array.isArray(like.validation)) {
    const context = typeof like.validationContext === 'string' ? like.validationContext : 'request';
    const issues = like.validation as ValidationIssue[];
    return { ...builtin('RAMPART_ERR_VALIDATION_FAILED', validationDetail(context, issues)), validation: issues, validationContext: context };
  }
  if (typeof like.code === 'string') {
    const mapped = FASTIFY_CODES[like.code];
    if (mapped) return builtin(mapped);
  }
  const status = typeof like.statusCode === 'number' ? like.statusCode : like.status;
  if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) {
    const byStatus = STATUS_CODES[status];
    if (byStatus) return builtin(byStatus);
    // Some other 4xx from code we do not control: keep the status, not the message.
    return { ...builtin('RAMPART_ERR_HTTP_BAD_REQUEST'), status, definition: { ...BAD_REQUEST, status } };
  }
  return { ...builtin('RAMPART_ERR_INTERNAL_ERROR'), definition: INTERNAL };
}
