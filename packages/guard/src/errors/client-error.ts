// Fastify's `clientErrorHandler`: requests Node's parser could not parse (malformed request
// line, oversized headers, timeouts) never reach a route, so the answer is written on the raw
// socket, in the shared shape and with the security headers.
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { GUARD_ERROR_CODES, type ErrorDefinition } from './registry.js';

interface ConnectionErrorLike extends Error {
  code?: string;
}

/** After the answer is written, how long the socket may live before it is destroyed (a client
 * that never reads must not keep a half-closed socket, and its descriptor, forever). */
export const CLIENT_ERROR_GRACE_MS = 1_000;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function definitionFor(code: string | undefined): ErrorDefinition {
  if (code === 'HPE_HEADER_OVERFLOW') return GUARD_ERROR_CODES.RAMPART_ERR_HTTP_HEADERS_TOO_LARGE;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return GUARD_ERROR_CODES.RAMPART_ERR_HTTP_REQUEST_TIMEOUT;
  return GUARD_ERROR_CODES.RAMPART_ERR_HTTP_BAD_REQUEST;
}

export function createClientErrorHandler(headers: Readonly<Record<string, string>> = {}, requestIdHeader = 'x-request-id') {
  // Header lines are constant: build them once.
  const fixed = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return function guardClientErrorHandler(error: ConnectionErrorLike, socket: Socket): void {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const definition = definitionFor(error.code);
    const reference = randomUUID();
    const body = JSON.stringify({ error: definition.error, message: definition.message, reference });
    // end() only half-closes: a client that keeps trickling bytes and never reads would hold the
    // socket open past every timeout. Destroy it once the answer is flushed, or after a grace.
    const grace = setTimeout(() => socket.destroy(), CLIENT_ERROR_GRACE_MS);
    grace.unref();
    socket.once('close', () => clearTimeout(grace));
    socket.end(
      `HTTP/1.1 ${definition.status} ${REASONS[definition.status] ?? 'Bad Request'}\r\n` +
        'connection: close\r\n' +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `${requestIdHeader}: ${reference}\r\n` +
        fixed +
        '\r\n' +
        body,
      () => socket.destroy(),
    );
  };
}
