// Proxy variables are never silently ignored: while HTTP(S)_PROXY is set and no `proxy`
// option decides, every call is refused; `proxy: false` connects directly; an explicit
// proxy URL tunnels through it (CONNECT).
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';
import { createSafeFetch } from './safe-fetch.js';

let target: TestServer;
let proxy: Server;
const tunnels: string[] = [];

beforeAll(async () => {
  target = await startServer((_request, response) => response.end('direct'));
  // A minimal CONNECT proxy recording the authority of every tunnel it opens.
  proxy = createServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request, client) => {
    tunnels.push(request.url ?? '');
    const [host = '', port = ''] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await target?.close();
});

describe('proxy', () => {
  it.each(['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])('refuses every call while %s is set and no proxy option decides', async (name) => {
    const safeFetch = createSafeFetch({ allowPrivate: [target.url.origin], env: { [name]: 'http://proxy.internal:3128' } });
    await expect(safeFetch(target.url)).rejects.toMatchObject({ code: 'proxy_refused', message: expect.stringContaining(name) as unknown });
    await safeFetch.close();
    expect(target.seen).toHaveLength(0);
  });

  it('reads process.env by default', async () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    try {
      const safeFetch = createSafeFetch({ allowPrivate: [target.url.origin] });
      await expect(safeFetch(target.url)).rejects.toMatchObject({ code: 'proxy_refused' });
      await safeFetch.close();
    } finally {
      delete process.env.HTTPS_PROXY;
    }
  });

  it('connects directly with proxy: false', async () => {
    const safeFetch = createSafeFetch({ allowPrivate: [target.url.origin], proxy: false, env: { HTTPS_PROXY: 'http://proxy.internal:3128' } });
    expect(await (await safeFetch(target.url)).text()).toBe('direct');
    await safeFetch.close();
    target.seen.length = 0;
  });

  it('tunnels through an explicit proxy, and the URL checks still apply', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const safeFetch = createSafeFetch({ allowPrivate: [target.url.origin], proxy: proxyUrl, env: { HTTPS_PROXY: 'http://ignored.internal:1' } });
    expect(await (await safeFetch(target.url)).text()).toBe('direct');
    expect(tunnels).toEqual([target.url.host]);
    await expect(safeFetch('http://169.254.169.254/')).rejects.toMatchObject({ code: 'address_refused' });
    await expect(safeFetch('file:///etc/passwd')).rejects.toMatchObject({ code: 'scheme_refused' });
    expect(tunnels).toHaveLength(1);
    await safeFetch.close();
  });
});
