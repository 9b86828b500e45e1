// The error renderer contract (`errors.render`): the application chooses the body of error
// answers (e.g. RFC 9457 `application/problem+json`); guard keeps everything else. The renderer
// receives only safe fields (never the thrown error: on 5xx the message is "internal error"),
// cannot change the status or the headers, and must keep the reference id in its body. A
// renderer that throws, returns something unusable or drops the reference is logged and guard's
// own body is sent instead.
import type { FastifyRequest } from 'fastify';
import type { ValidationProblem } from './validation-detail.js';

export interface ErrorRenderInput {
  /** The HTTP status guard answers with (the renderer cannot change it). */
  readonly status: number;
  /** The error code: guard's (`RAMPART_ERR_HTTP_NOT_FOUND`) or the application's (`NOTE_NOT_FOUND`). */
  readonly code: string;
  /** The stable wire code (`not_found`), guard's `error` field. */
  readonly error: string;
  /** Generic safe text: `internal error` on every 5xx; the first validation problem on a 400
   * validation failure. */
  readonly message: string;
  /** Fresh UUID of this answer, also on the log line: the body must carry it. */
  readonly reference: string;
  /** Every validation problem (empty unless the request failed schema validation). guard's
   * default validator stops at the first one (ajv allErrors off). */
  readonly validation: readonly ValidationProblem[];
  /** The request being answered (its id, method, URL, route). */
  readonly request: FastifyRequest;
}

export interface RenderedError {
  /** `application/problem+json`, with parameters if any. */
  readonly contentType: string;
  /** Serialized with JSON.stringify. */
  readonly body: Readonly<Record<string, unknown>>;
}

export type ErrorRenderer = (input: ErrorRenderInput) => RenderedError;

// type/subtype with optional parameters; no CR/LF (header injection).
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(?:\s*;\s*[a-z0-9!#$&^_.+-]+=(?:[a-z0-9!#$&^_.+-]+|"[^"\r\n]*"))*$/i;

export interface RenderOutcome {
  readonly contentType: string;
  readonly payload: string;
}

/** Runs `render`; returns undefined (after logging why) when its output cannot be used. */
export function applyRenderer(render: ErrorRenderer, input: ErrorRenderInput): RenderOutcome | undefined {
  const log = input.request.log;
  let rendered: RenderedError;
  try {
    rendered = render(input);
  } catch (error) {
    log.error({ err: error, reference: input.reference }, 'errors.render threw; answered with guard\'s error body');
    return undefined;
  }
  const { contentType, body } = (rendered ?? {}) as Partial<RenderedError>;
  if (typeof contentType !== 'string' || contentType.length > 256 || !CONTENT_TYPE.test(contentType)) {
    log.error({ reference: input.reference }, 'errors.render returned no usable contentType; answered with guard\'s error body');
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    log.error({ reference: input.reference }, 'errors.render returned no body object; answered with guard\'s error body');
    return undefined;
  }
  let payload: string;
  try {
    payload = JSON.stringify(body);
  } catch (error) {
    log.error({ err: error, reference: input.reference }, 'errors.render returned a body JSON cannot serialize; answered with guard\'s error body');
    return undefined;
  }
  if (!payload.includes(`"${input.reference}"`)) {
    log.error({ reference: input.reference }, 'errors.render dropped the reference id; answered with guard\'s error body');
    return undefined;
  }
  return { contentType, payload };
}
