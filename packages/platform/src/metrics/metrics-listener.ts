// The optional Prometheus listener (METRICS_PORT, METRICS_HOST): GET /metrics serves the
// platform's registry WITHOUT a token, so that Prometheus scrapes without a credential; every
// other method or path is a bare 404. It is a plain node:http server of its own, apart from the
// API server: none of the API's routes, hooks or request metrics apply, and scrapes are not
// counted as API traffic. Bound to 127.0.0.1 unless configured otherwise (config/metrics-listener.ts).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsListener {
  /** `http://host:port`, the port actually bound (METRICS_PORT=0: a free one). */
  readonly url: string;
  readonly port: number;
  /** Stops listening and ends open connections (idempotent). */
  close(): Promise<void>;
}

/** Slow or idle scrapers do not hold connections for long. */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

function answer(registry: Registry, request: IncomingMessage, response: ServerResponse): void {
  const path = (request.url ?? '').split('?', 1)[0];
  if (request.method !== 'GET' || path !== '/metrics') {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  registry.metrics().then(
    (text) => {
      response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text);
    },
    () => {
      // A collect callback failed: nothing of it reaches the scraper.
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
    },
  );
}

export async function startMetricsListener(registry: Registry, address: { readonly host: string; readonly port: number }): Promise<MetricsListener> {
  const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, (request, response) =>
    answer(registry, request, response),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address.host, port: address.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
