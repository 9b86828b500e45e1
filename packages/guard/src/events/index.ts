// The security event hook (`events.onSecurityEvent`): guard's own refusals that an operator
// watches for, under the OWASP Logging Vocabulary's names. Reported from the error path only,
// so a request that is not refused costs nothing; without a hook it is one null check there.
import type { FastifyRequest } from 'fastify';

/** The refusals guard reports (OWASP Logging Vocabulary names). */
export type GuardSecurityEventName = 'authz_fail' | 'input_validation_fail' | 'malicious_cors' | 'excess_rate_limit_exceeded';

export interface GuardSecurityEvent {
  readonly event: GuardSecurityEventName;
  /** The request id guard assigned (the `X-Request-ID` the client sees). */
  readonly requestId: string;
  /** The client address (after `trustProxy`). */
  readonly client: string;
  readonly method: string;
  /** The route's pattern (`/api/courses/:id`) or `unmatched`; never the raw URL. */
  readonly route: string;
  readonly status: number;
  /** guard's error code (`RAMPART_ERR_AUTH_INSUFFICIENT_SCOPE`, ...). */
  readonly code: string;
  /** The authenticated subject, when the request got that far. */
  readonly subject?: string;
}

export type SecurityEventListener = (event: GuardSecurityEvent) => void;

export interface EventsPolicy {
  /** Called synchronously for each refusal in GuardSecurityEventName; must not throw (what it
   * throws is logged and dropped: the refusal is answered either way). */
  readonly onSecurityEvent?: SecurityEventListener;
}

const EVENT_OF_CODE: ReadonlyMap<string, GuardSecurityEventName> = new Map([
  ['RAMPART_ERR_AUTH_INSUFFICIENT_SCOPE', 'authz_fail'],
  ['RAMPART_ERR_VALIDATION_FAILED', 'input_validation_fail'],
  ['RAMPART_ERR_BODY_FORBIDDEN_KEY', 'input_validation_fail'],
  ['RAMPART_ERR_BODY_TOO_DEEP', 'input_validation_fail'],
  ['RAMPART_ERR_CORS_ORIGIN_DENIED', 'malicious_cors'],
  ['RAMPART_ERR_RATE_LIMIT_EXCEEDED', 'excess_rate_limit_exceeded'],
]);

/** The event a refusal with `code` is reported as, if any. */
export function securityEventOf(code: string): GuardSecurityEventName | undefined {
  return EVENT_OF_CODE.get(code);
}

/** Tells `listener` about a refusal with `code`, when it is one of the reported ones. */
export function reportSecurityEvent(listener: SecurityEventListener, request: FastifyRequest, code: string, status: number): void {
  const event = EVENT_OF_CODE.get(code);
  if (event === undefined) return;
  const subject = request.principal?.subject;
  try {
    listener({
      event,
      requestId: request.id,
      client: request.ip,
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status,
      code,
      ...(subject === undefined ? {} : { subject }),
    });
  } catch (error) {
    request.log.error({ err: error, event }, 'the security event listener threw; the event is lost');
  }
}
