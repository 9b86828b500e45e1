// The stand-ins of the online services, on the repository's recording test server
// (test-support/http-server.ts): no mocks, the clients speak HTTP to it exactly as they would
// to the real services. Handlers may be async; one that throws answers 500.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer as startRecordingServer } from '../../../../../test-support/http-server.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** Decoded when it was sent gzip-encoded. */
  readonly body: string;
}

export interface StandIn {
  /** `http://127.0.0.1:<port>` (no trailing slash) */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export async function startServer(handler: Handler): Promise<StandIn> {
  const server = await startRecordingServer((request, response, body) => {
    const recorded = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body };
    Promise.resolve(handler(recorded, response)).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  return {
    url: server.url.origin,
    get requests() {
      return server.seen.map(({ method, url, headers, body }) => ({ method, path: url, headers, body }));
    },
    close: () => server.close(),
  };
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}
