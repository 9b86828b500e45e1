// A real node:http server on 127.0.0.1 port 0 for tests, recording every request it saw (a
// gzip-encoded body is recorded and handed on decoded).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { closedPort } from './ports.js';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface TestServer {
  readonly url: URL;
  readonly seen: SeenRequest[];
  /** Requests node's HTTP parser refused before any handler (unknown method, oversized header). */
  readonly parserRejected: () => number;
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

function decoded(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding !== 'gzip') return raw;
  try {
    return gunzipSync(raw);
  } catch {
    return raw; // not gzip after all: recorded as sent
  }
}

/** Listens on `host` (default 127.0.0.1; `::1` for an IPv6 loopback server) port 0. */
export async function startServer(handler: Handler, host = '127.0.0.1'): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = decoded(Buffer.concat(chunks), request.headers['content-encoding']).toString('utf8');
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handler(request, response, body);
    });
  });
  let rejected = 0;
  // Same answers as node's default clientError handler, but counted.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code?.startsWith('HPE_')) rejected += 1;
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}/`),
    seen,
    parserRejected: () => rejected,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A port that was free a moment ago: nothing listens there. */
export async function closedPortUrl(): Promise<URL> {
  return new URL(`http://127.0.0.1:${await closedPort()}/`);
}
