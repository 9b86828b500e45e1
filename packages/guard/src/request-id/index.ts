// Request id: a caller's id (policy.requestId.header, `X-Request-ID` by default) is kept only when
// it is well formed: 1..maxLength characters of `[A-Za-z0-9._:-]`. Anything else (too long,
// spaces, CR/LF, quotes, several values joined by Node with ", ") is replaced by a fresh UUID, so
// a caller can neither inject into log lines nor into the echoed response header.
// `createRequestIdGenerator` is Fastify's `genReqId`, so `request.id` is the id and every log line
// of the request carries it; the layer only echoes `request.id` on the response.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GuardPolicy, LayerCheck } from '../policy/types.js';

/** Characters allowed in a caller-supplied id (compiled once). */
const SAFE_ID = /^[A-Za-z0-9._:-]+$/;

/** True when `value` may be used as a request id as it is. */
export function isWellFormedRequestId(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength && SAFE_ID.test(value);
}

/** Fastify `genReqId`: the caller's well-formed id, else a fresh UUID. */
export function createRequestIdGenerator(policy: GuardPolicy): (req: IncomingMessage) => string {
  const headerName = policy.requestId.header.toLowerCase();
  const maxLength = policy.requestId.maxLength;
  return function generateRequestId(req: IncomingMessage): string {
    const supplied = req.headers[headerName];
    return isWellFormedRequestId(supplied, maxLength) ? supplied : randomUUID();
  };
}

/** Echoes `request.id` in the request-id response header. */
export function createRequestIdLayer(policy: GuardPolicy): LayerCheck {
  const headerName = policy.requestId.header;
  return function echoRequestId(request: FastifyRequest, reply: FastifyReply): undefined {
    reply.header(headerName, request.id);
    return undefined;
  };
}
