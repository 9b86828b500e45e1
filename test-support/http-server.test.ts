import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { closedPortUrl, startServer } from './http-server.js';

describe('startServer', () => {
  it('records each request, decoding a gzip-encoded body, and answers through the handler', async () => {
    const server = await startServer((_request, response, body) => response.end(`got ${body}`));
    try {
      const plain = await fetch(new URL('/plain?x=1', server.url), { method: 'POST', body: 'hello' });
      expect(await plain.text()).toBe('got hello');
      const zipped = await fetch(new URL('/zipped', server.url), { method: 'POST', body: gzipSync('{"a":1}'), headers: { 'content-encoding': 'gzip' } });
      expect(await zipped.text()).toBe('got {"a":1}');
      expect(server.seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
        { method: 'POST', url: '/plain?x=1', body: 'hello' },
        { method: 'POST', url: '/zipped', body: '{"a":1}' },
      ]);
      expect(server.seen[1]?.headers['content-encoding']).toBe('gzip');
    } finally {
      await server.close();
    }
  });
});

describe('closedPortUrl', () => {
  it('names a URL where the connection is refused', async () => {
    const error = await fetch(await closedPortUrl()).then(
      () => undefined,
      (caught: Error) => caught.cause,
    );
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
