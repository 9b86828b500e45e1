// A local stand-in for the npm registry (the root recording test server): serves the real
// packuments saved in fix/test-data, 404 for anything else, and counts the requests per path.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { startServer } from '../../../../../test-support/http-server.js';

export interface RegistryServer {
  readonly url: string;
  readonly hits: Map<string, number>;
  readonly headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

export function savedPackument(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../test-data/${name}.json`, import.meta.url), 'utf8'));
}

export async function startRegistry(options: { packuments?: Record<string, unknown>; delayMs?: number } = {}): Promise<RegistryServer> {
  const packuments = options.packuments ?? { qs: savedPackument('qs'), express: savedPackument('express'), 'body-parser': savedPackument('body-parser') };
  const hits = new Map<string, number>();
  const headers: IncomingHttpHeaders[] = [];
  const server = await startServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').slice(1));
    hits.set(path, (hits.get(path) ?? 0) + 1);
    headers.push(request.headers);
    const body = packuments[path];
    const send = () => {
      if (body === undefined) response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
      else response.writeHead(200, { 'content-type': 'application/vnd.npm.install-v1+json' }).end(JSON.stringify(body));
    };
    if (options.delayMs === undefined) send();
    else setTimeout(send, options.delayMs);
  });
  return { url: server.url.origin, hits, headers, close: () => server.close() };
}
