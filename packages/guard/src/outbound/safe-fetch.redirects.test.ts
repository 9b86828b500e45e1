// Redirects: none followed by default; when enabled, every hop is checked again (scheme,
// port, address) before any connection, and credentials do not cross origins.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';
import { createSafeFetch, type SafeFetch } from './safe-fetch.js';

let origin: TestServer;
let victim: TestServer;
const opened: SafeFetch[] = [];

beforeAll(async () => {
  // GET /to?u=<location>&s=<status> answers a redirect to <location>; anything else 200.
  origin = await startServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const location = url.searchParams.get('u');
    if (url.pathname === '/to' && location !== null) {
      response.writeHead(Number(url.searchParams.get('s') ?? 302), { location }).end('moved');
    } else if (url.pathname === '/loop') {
      response.writeHead(302, { location: '/loop' }).end();
    } else {
      response.end(`final ${request.method ?? ''} ${url.pathname}`);
    }
  });
  victim = await startServer((_request, response) => response.end('reached'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
  origin.seen.length = 0;
  victim.seen.length = 0;
});
afterAll(async () => {
  await origin?.close();
  await victim?.close();
});

/** Only the origin server is allowed (an explicit origin entry); the victim is not. */
function originFetch(maxRedirects: number, extra: string[] = []): SafeFetch {
  const f = createSafeFetch({ allowPrivate: [origin.url.origin, ...extra], maxRedirects, env: {} });
  opened.push(f);
  return f;
}

const redirectTo = (location: string, status = 302): string => `${origin.url.origin}/to?s=${status}&u=${encodeURIComponent(location)}`;

describe('redirects', () => {
  it('follows none by default: a redirect is refused, its target never requested', async () => {
    await expect(originFetch(0)(redirectTo('/final'))).rejects.toMatchObject({ code: 'redirect_refused' });
    expect(origin.seen.map((r) => r.url)).toEqual(['/to?s=302&u=%2Ffinal']);
  });

  it.each([301, 302, 303, 307, 308])('follows a %i to an allowed destination when enabled', async (status) => {
    const response = await originFetch(1)(redirectTo('/final', status));
    expect(await response.text()).toBe('final GET /final');
    expect(response.url).toBe(`${origin.url.origin}/final`);
  });

  it('stops after maxRedirects', async () => {
    await expect(originFetch(3)(`${origin.url.origin}/loop`)).rejects.toMatchObject({ code: 'redirect_refused' });
    expect(origin.seen).toHaveLength(4);
  });

  const victimPort = (): string => victim.url.port;
  it.each([
    ['loopback on another port', 'http://127.0.0.1:VICTIM/', 'port_refused'],
    ['loopback, decimal spelling', 'http://2130706433/', 'address_refused'],
    ['loopback, hex spelling', 'http://0x7f.1/', 'address_refused'],
    ['loopback, octal spelling', 'http://0177.0.0.1/', 'address_refused'],
    ['IPv6 loopback', 'http://[::1]/', 'address_refused'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/', 'address_refused'],
    ['localhost', 'http://localhost/', 'address_refused'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/', 'address_refused'],
    ['link-local IPv6', 'http://[fe80::1]/', 'address_refused'],
    ['private 10/8', 'http://10.0.0.1/', 'address_refused'],
    ['private 192.168/16', 'https://192.168.0.1/', 'address_refused'],
    ['unique local IPv6', 'http://[fd00::1]/', 'address_refused'],
    ['CGNAT', 'http://100.64.0.1/', 'address_refused'],
    ['multicast', 'http://224.0.0.1/', 'address_refused'],
    ['broadcast', 'http://255.255.255.255/', 'address_refused'],
    ['documentation', 'http://192.0.2.1/', 'address_refused'],
    ['0.0.0.0', 'http://0.0.0.0/', 'address_refused'],
    ['NAT64 of private', 'http://[64:ff9b::a00:1]/', 'address_refused'],
    ['file scheme', 'file:///etc/passwd', 'scheme_refused'],
    ['gopher scheme', 'gopher://127.0.0.1:6379/_INFO', 'scheme_refused'],
    ['data scheme', 'data:text/plain,hi', 'scheme_refused'],
    ['a refused port', 'http://example.com:6379/', 'port_refused'],
  ])('refuses a redirect to %s (%s)', async (_name, location, code) => {
    const target = location.replace('VICTIM', victimPort());
    await expect(originFetch(5)(redirectTo(target))).rejects.toMatchObject({ name: 'SafeFetchError', code });
    expect(victim.seen).toHaveLength(0);
    expect(origin.seen).toHaveLength(1);
  });

  it('refuses a redirect to loopback on an allowed port (the address, not the port, is the reason)', async () => {
    const f = createSafeFetch({ allowPrivate: [origin.url.origin], allowedPorts: [Number(victim.url.port)], maxRedirects: 5, env: {} });
    opened.push(f);
    await expect(f(redirectTo(victim.url.href))).rejects.toMatchObject({ code: 'address_refused' });
    await expect(f(redirectTo(`http://localhost:${victim.url.port}/`))).rejects.toMatchObject({ code: 'address_refused' });
    expect(victim.seen).toHaveLength(0);
  });

  it('drops Authorization and Cookie on a cross-origin hop, keeps them on a same-origin hop', async () => {
    const f = originFetch(2, [victim.url.origin]);
    const headers = { authorization: 'Bearer secret', cookie: 'session=1', 'x-trace': 'kept' };
    await (await f(redirectTo('/final'), { headers })).text();
    await (await f(redirectTo(victim.url.href), { headers })).text();
    expect(origin.seen[1]?.headers.authorization).toBe('Bearer secret');
    expect(victim.seen[0]?.headers.authorization).toBeUndefined();
    expect(victim.seen[0]?.headers.cookie).toBeUndefined();
    expect(victim.seen[0]?.headers['x-trace']).toBe('kept');
  });

  it('a 303 after a POST becomes a GET without body; a 307 replays the POST and its body', async () => {
    const f = originFetch(1);
    expect(await (await f(redirectTo('/final', 303), { method: 'POST', body: 'payload' })).text()).toBe('final GET /final');
    expect(await (await f(redirectTo('/final', 307), { method: 'POST', body: 'payload' })).text()).toBe('final POST /final');
    expect(origin.seen.map((r) => [r.method, r.body])).toEqual([
      ['POST', 'payload'],
      ['GET', ''],
      ['POST', 'payload'],
      ['POST', 'payload'],
    ]);
  });

  it('refuses a redirect whose Location is not a URL', async () => {
    await expect(originFetch(1)(redirectTo('http://[::1'))).rejects.toMatchObject({ code: 'redirect_refused' });
  });
});
