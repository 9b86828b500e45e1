import { afterEach, describe, expect, it } from 'vitest';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';
import { bannersCheck } from './banners.js';
import { errorLeakageCheck } from './error-leakage.js';
import { headersCheck } from './headers.js';

let server: TestServer | undefined;
let context: ProbeContext | undefined;
afterEach(async () => {
  await context?.close();
  await server?.close();
});

describe('shared probes', () => {
  it('sends the malformed JSON body once for headers, banners and error-leakage together', async () => {
    server = await startServer((_request, response) => response.writeHead(400).end('{}'));
    context = createProbeContext(server.url.href);
    const ctx = context;
    await Promise.all([headersCheck, bannersCheck, errorLeakageCheck].map((check) => check.run(ctx)));
    const malformed = server.seen.filter((r) => r.method === 'POST' && r.body === '{"rampart-audit": ');
    expect(malformed).toHaveLength(1);
  });
});
