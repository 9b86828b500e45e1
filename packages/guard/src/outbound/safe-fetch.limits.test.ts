// Size and time caps: a body over maxResponseBytes is aborted mid-stream (with or without
// Content-Length), and timeoutMs bounds the whole call, body included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';
import { createSafeFetch, type SafeFetch } from './safe-fetch.js';

const MAX = 64 * 1024;
let server: TestServer;
let safeFetch: SafeFetch;
let endlessClosed = false;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/exact') return void response.end(Buffer.alloc(MAX, 97));
    if (path === '/declared') return void response.writeHead(200, { 'content-length': String(MAX + 1) }).end(Buffer.alloc(MAX + 1, 97));
    if (path === '/endless') {
      // Chunked, no Content-Length, never ends: only the byte cap stops it.
      response.on('close', () => (endlessClosed = true));
      const timer = setInterval(() => response.write(Buffer.alloc(16 * 1024, 98)), 5);
      response.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/silent') return; // never answers
    if (path === '/stall') return void response.writeHead(200, { 'content-type': 'text/plain' }).write('partial'); // headers, then nothing
    response.end('ok');
  });
  safeFetch = createSafeFetch({ allowPrivate: [server.url.origin], maxResponseBytes: MAX, timeoutMs: 500, env: {} });
});
afterAll(async () => {
  await safeFetch?.close();
  await server?.close();
});

describe('maxResponseBytes', () => {
  it('returns a body of exactly the limit', async () => {
    expect((await (await safeFetch(new URL('/exact', server.url))).arrayBuffer()).byteLength).toBe(MAX);
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    await expect(safeFetch(new URL('/declared', server.url))).rejects.toMatchObject({ code: 'too_large' });
  });

  it('aborts an endless chunked body once past the limit, and the server sees the connection close', async () => {
    const response = await safeFetch(new URL('/endless', server.url));
    const started = Date.now();
    await expect(response.text()).rejects.toMatchObject({ name: 'SafeFetchError', code: 'too_large' });
    expect(Date.now() - started).toBeLessThan(400); // the cap, not the 500 ms timeout, stopped it
    await expect.poll(() => endlessClosed).toBe(true);
  });

  it('has a 1 MiB default', async () => {
    const defaults = createSafeFetch({ allowPrivate: [server.url.origin], env: {} });
    const response = await defaults(new URL('/endless', server.url));
    await expect(response.arrayBuffer()).rejects.toMatchObject({ code: 'too_large' });
    await defaults.close();
  });
});

describe('timeoutMs', () => {
  it('times out a server that never answers', async () => {
    const started = Date.now();
    await expect(safeFetch(new URL('/silent', server.url))).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out a body that stalls after the headers', async () => {
    const response = await safeFetch(new URL('/stall', server.url));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ code: 'timeout' });
  });

  it("keeps the caller's own abort reason", async () => {
    const controller = new AbortController();
    const pending = safeFetch(new URL('/silent', server.url), { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
  });
});
