// Where a spec-driven audit's operations come from when no document is given: the target's
// own exposed document, or nothing (then a note says so and no per-operation check runs).
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { runAudit } from '../runner/run.js';
import { staticIdentity } from './identities.js';
import { operationChecks } from './index.js';
import { readSpecUrl } from './spec-load.js';

let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const document = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: { '/things': { get: { responses: { 200: { description: 'ok' } } } } },
});

async function serve(routes: Record<string, string>): Promise<Listening> {
  server = await listen(
    createServer((request, response) => {
      const body = routes[request.url ?? ''];
      if (body === undefined) response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      else response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    }),
  );
  return server;
}

const api = { identities: [staticIdentity('alice', { name: 'Authorization', value: 'Bearer a' })], active: false, allowDestructive: false };

describe('the document the target exposes', () => {
  it('is found at a well-known path (here /v3/api-docs) and its operations are probed', async () => {
    const target = await serve({ '/': '{}', '/v3/api-docs': document, '/things': '[]' });
    const report = await runAudit({ target: new URL(`${target.url}/`), checks: operationChecks, api });
    expect(report.notes).toEqual([`Spec-driven: 1 operation(s) from OpenAPI 3.0 document ${target.url}/v3/api-docs; 1 identity (alice); read-only (GET, HEAD, OPTIONS).`]);
    expect(report.results.map((r) => r.check.id)).toEqual(operationChecks.map((c) => c.id));
  });

  it('missing: a note says so and no per-operation check runs', async () => {
    const target = await serve({ '/': '{}' });
    const report = await runAudit({ target: new URL(`${target.url}/`), checks: operationChecks, api });
    expect(report.results).toEqual([]);
    expect(report.notes?.[0]).toMatch(/^No operations to probe/);
  });
});

describe('readSpecUrl', () => {
  it('reads a document over http, and names the URL and the status when it cannot', async () => {
    const target = await serve({ '/openapi.json': document, '/big.json': `{"openapi": "3.0.0", "paths": {}, "x": "${'a'.repeat(5 * 1024 * 1024)}"}` });
    expect((await readSpecUrl(new URL(`${target.url}/openapi.json`), { timeoutMs: 2_000 })).version).toBe('3.0');
    await expect(readSpecUrl(new URL(`${target.url}/missing.json`), { timeoutMs: 2_000 })).rejects.toThrow(`--openapi ${target.url}/missing.json: answered 404`);
    await expect(readSpecUrl(new URL(`${target.url}/big.json`), { timeoutMs: 5_000 })).rejects.toThrow(/is over 5 MiB/);
  });
});
