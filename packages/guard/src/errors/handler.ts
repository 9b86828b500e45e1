// The error handler, the not-found handler and the framework-error handler: every error answers
// `{error, message, reference}` with the security headers; 5xx bodies say only "internal error";
// the log line with the full error carries the same reference.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { reportSecurityEvent, type SecurityEventListener } from '../events/index.js';
import { classifyError } from './classify.js';
import { GuardError } from './guard-error.js';
import type { ErrorDefinition } from './registry.js';
import { applyRenderer, type ErrorRenderer } from './render.js';
import { validationProblems } from './validation-detail.js';

export interface ErrorResponseOptions {
  /** Headers every error response carries (the security header set), set when not already set. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Response header that echoes the request id (`X-Request-ID`). */
  readonly requestIdHeader?: string;
  /** guard's codes plus the application table (`errorCodeLookup(policy.errors.codes)`). */
  readonly codes?: ReadonlyMap<string, ErrorDefinition>;
  /** The application's body renderer (`errors.render`); guard's shape otherwise. */
  readonly render?: ErrorRenderer;
  /** A renderer chosen per request (a guard scope's `errors.render`), before `render`. */
  readonly renderFor?: (request: FastifyRequest) => ErrorRenderer | undefined;
  /** The policy's `events.onSecurityEvent`: told of the refusals that are security events. */
  readonly onSecurityEvent?: SecurityEventListener;
}

export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly reference: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const INTERNAL_MESSAGE = 'internal error';

/** Renders `error` on `reply` and logs it. Used by every handler below. */
export function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  options: ErrorResponseOptions,
): void {
  const classified = classifyError(error, options.codes);
  const reference = randomUUID();
  const status = classified.status;
  const body: ErrorBody = {
    error: classified.definition.error,
    message: status >= 500 ? INTERNAL_MESSAGE : (classified.detail ?? classified.definition.message),
    reference,
  };

  if (classified.unknownCode !== undefined) {
    // Loud: a code nobody registered is a bug to fix, not a generic 500 to shrug at.
    request.log.error(
      { err: error, code: classified.unknownCode, reference, status },
      `GuardError code ${JSON.stringify(classified.unknownCode)} is neither guard's nor in errors.codes; answered 500. Add it to the errors.codes table passed to guard (or create the error from defineErrorCodes)`,
    );
  } else if (status >= 500) {
    request.log.error({ err: error, code: classified.code, reference, status }, 'request failed');
  } else {
    const cause = error instanceof GuardError ? error.cause : undefined;
    request.log.info({ code: classified.code, reference, status, cause }, 'request rejected');
    if (options.onSecurityEvent) reportSecurityEvent(options.onSecurityEvent, request, classified.code, status);
  }

  if (reply.sent) return;
  if (options.headers) {
    for (const name in options.headers) {
      if (!reply.hasHeader(name)) reply.header(name, options.headers[name]);
    }
  }
  if (options.requestIdHeader && !reply.hasHeader(options.requestIdHeader)) {
    reply.header(options.requestIdHeader, request.id);
  }
  if (classified.headers) reply.headers(classified.headers);
  if (classified.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(Math.max(0, Math.ceil(classified.retryAfterSeconds))));
  }
  const render = options.renderFor?.(request) ?? options.render;
  const rendered = render
    ? applyRenderer(render, {
        status,
        code: classified.unknownCode === undefined ? classified.code : 'RAMPART_ERR_INTERNAL_ERROR',
        error: body.error,
        message: body.message,
        reference,
        validation: classified.validation ? validationProblems(classified.validationContext ?? 'request', classified.validation) : [],
        request,
      })
    : undefined;
  if (rendered) reply.code(status).type(rendered.contentType).send(rendered.payload);
  else reply.code(status).type(JSON_TYPE).send(JSON.stringify(body));
}

export function createErrorHandler(options: ErrorResponseOptions = {}) {
  return function guardErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    sendError(error, request, reply, options);
  };
}

export function createNotFoundHandler(options: ErrorResponseOptions = {}) {
  return function guardNotFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
    sendError(new GuardError('RAMPART_ERR_HTTP_NOT_FOUND'), request, reply, options);
  };
}

/** For Fastify's `frameworkErrors` server option (bad URL, async constraint errors): these are
 * answered before any hook runs, so the handler adds the headers itself. */
export function createFrameworkErrorHandler(options: ErrorResponseOptions = {}) {
  return function guardFrameworkErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    sendError(error, request, reply, options);
  };
}
