// A SafeFetch is typed with the global fetch types, so it can be given to code written against
// the global fetch, such as jose's `customFetch` (url, { headers, method, redirect, signal }).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';
import { createSafeFetch, type SafeFetch } from './safe-fetch.js';

type JoseStyleFetch = (url: string, options: { headers: Headers; method: 'GET'; redirect: 'manual'; signal: AbortSignal }) => Promise<Response>;

let server: TestServer;
let safeFetch: SafeFetch;

beforeAll(async () => {
  server = await startServer((_request, response) => response.setHeader('content-type', 'application/json').end('{"keys":[]}'));
  safeFetch = createSafeFetch({ allowPrivate: [server.url.origin], env: {} });
});
afterAll(async () => {
  await safeFetch?.close();
  await server?.close();
});

describe('global fetch interop', () => {
  it('takes the global Headers and AbortSignal (the shape jose passes)', async () => {
    const asGlobal: JoseStyleFetch = safeFetch;
    const response = await asGlobal(server.url.href, {
      headers: new Headers({ accept: 'application/json', 'x-probe': '1' }),
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ keys: [] });
    expect(server.seen[0]?.headers['x-probe']).toBe('1');
  });
});
