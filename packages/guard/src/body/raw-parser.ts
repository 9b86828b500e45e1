// Guard's catch-all content-type parser: a body that is not JSON is refused (415) before a byte
// is read, unless the route lists its media type in `config.contentTypes`; then the raw bytes are
// read, up to the route's body limit, into a Buffer (`request.body`).
import type { FastifyRequest } from 'fastify';
import getRawBody from 'raw-body';
import { GuardError } from '../errors/index.js';
import { cachedRouteGuardConfig } from '../route-policy/index.js';
import { mediaTypeOf } from './route-config.js';

type Done = (error: Error | null, body?: unknown) => void;

function readError(error: Error & { type?: string }): GuardError {
  if (error.type === 'entity.too.large') return new GuardError('RAMPART_ERR_BODY_TOO_LARGE', { cause: error });
  if (error.type === 'request.size.invalid') return new GuardError('RAMPART_ERR_BODY_LENGTH_MISMATCH', { cause: error });
  return new GuardError('RAMPART_ERR_HTTP_BAD_REQUEST', { cause: error });
}

export function createRawBodyParser() {
  return function guardRawBodyParser(request: FastifyRequest, payload: NodeJS.ReadableStream, done: Done): void {
    // An unmatched route: the not-found handler answers, as without any parser.
    if (request.is404) {
      done(null, undefined);
      return;
    }
    const accepted = cachedRouteGuardConfig(request)?.contentTypes;
    const encoding = request.headers['content-encoding'];
    // Compressed bodies are not decoded (as for JSON): 415.
    if (
      accepted === undefined ||
      !accepted.includes(mediaTypeOf(request.headers['content-type'])) ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity')
    ) {
      done(new GuardError('RAMPART_ERR_BODY_UNSUPPORTED_MEDIA_TYPE'));
      return;
    }
    // installBodyRouteOptions gave every such route a bodyLimit (its own or the policy's).
    getRawBody(payload, { length: request.headers['content-length'] ?? null, limit: request.routeOptions.bodyLimit }, (error, body) => {
      if (error) {
        done(readError(error));
        return;
      }
      if (cachedRouteGuardConfig(request)?.rawBody === true) request.rawBody = body;
      done(null, body);
    });
  };
}
