// Each refused destination class over a real fetch: a recording server listens on 127.0.0.1
// (and one on ::1), and the refused requests must never reach them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';
import { createSafeFetch, type SafeFetch } from './safe-fetch.js';

let v4: TestServer;
let v6: TestServer;
let safeFetch: SafeFetch;

beforeAll(async () => {
  v4 = await startServer((_request, response) => response.end('reached'));
  v6 = await startServer((_request, response) => response.end('reached'), '::1');
  // The test ports are allowed, so that the address is the reason for each refusal.
  safeFetch = createSafeFetch({ allowedPorts: [80, 443, Number(v4.url.port), Number(v6.url.port)], env: {} });
});
afterAll(async () => {
  await safeFetch?.close();
  await v4?.close();
  await v6?.close();
});

describe('createSafeFetch refuses what is not public unicast', () => {
  // PORT4 / PORT6: the port of the 127.0.0.1 / ::1 server, filled in when the test runs.
  const withPorts = (url: string): string => url.replace('PORT4', v4.url.port).replace('PORT6', v6.url.port);
  it.each([
    ['loopback', 'http://127.0.0.1:PORT4/'],
    ['loopback, decimal spelling', 'http://2130706433:PORT4/'],
    ['loopback, hex spelling', 'http://0x7f.1:PORT4/'],
    ['loopback, octal spelling', 'http://0177.0.0.1:PORT4/'],
    ['loopback, short spelling', 'http://127.1:PORT4/'],
    ['loopback, other 127/8 address', 'http://127.0.0.2:PORT4/'],
    ['localhost (system resolver)', 'http://localhost:PORT4/'],
    ['IPv6 loopback', 'http://[::1]:PORT6/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:PORT4/'],
    ['IPv4-compatible IPv6 loopback', 'http://[::127.0.0.1]:PORT4/'],
    ['0.0.0.0', 'http://0.0.0.0:PORT4/'],
    ['0.0.0.0, decimal spelling', 'http://0:PORT4/'],
    ['IPv6 unspecified', 'http://[::]:PORT6/'],
    ['RFC 1918 10/8', 'http://10.0.0.1/'],
    ['RFC 1918 172.16/12', 'http://172.16.5.4/'],
    ['RFC 1918 192.168/16', 'http://192.168.1.1/'],
    ['RFC 1918, hex spelling', 'http://0xc0a80101/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['cloud metadata, decimal spelling', 'http://2852039166/latest/meta-data/'],
    ['cloud metadata, IPv4-mapped', 'http://[::ffff:a9fe:a9fe]/'],
    ['link-local IPv6', 'http://[fe80::1]/'],
    ['unique local IPv6', 'http://[fd00::1]/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['multicast', 'http://224.0.0.1/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['reserved 240/4', 'http://240.0.0.1/'],
    ['documentation 192.0.2/24', 'http://192.0.2.1/'],
    ['documentation 198.51.100/24', 'http://198.51.100.1/'],
    ['documentation 203.0.113/24', 'http://203.0.113.1/'],
    ['documentation IPv6', 'http://[2001:db8::1]/'],
    ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/'],
    ['NAT64 of loopback', 'http://[64:ff9b::7f00:1]:PORT4/'],
  ])('%s (%s)', async (_name, url) => {
    await expect(safeFetch(withPorts(url))).rejects.toMatchObject({ name: 'SafeFetchError', code: 'address_refused' });
    expect(v4.seen).toHaveLength(0);
    expect(v6.seen).toHaveLength(0);
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/', 'data:text/plain,hello', 'gopher://example.com/', 'ws://example.com/', 'javascript:alert(1)', 'blob:https://example.com/x'])(
    'refuses the scheme of %s',
    async (url) => {
      await expect(safeFetch(url)).rejects.toMatchObject({ code: 'scheme_refused' });
    },
  );

  it('refuses https when only http is allowed, and the reverse', async () => {
    const httpsOnly = createSafeFetch({ allowedSchemes: ['https'], env: {} });
    await expect(httpsOnly('http://example.com/')).rejects.toMatchObject({ code: 'scheme_refused' });
    await httpsOnly.close();
  });

  it.each(['http://example.com:22/', 'http://example.com:8080/', 'https://example.com:6379/', 'http://example.com:0/'])(
    'refuses the port of %s',
    async (url) => {
      await expect(safeFetch(url)).rejects.toMatchObject({ code: 'port_refused' });
    },
  );

  it('refuses a port outside the list even for a loopback server, before any connection', async () => {
    const defaults = createSafeFetch({ env: {} });
    await expect(defaults(v4.url)).rejects.toMatchObject({ code: 'port_refused' });
    await defaults.close();
    expect(v4.seen).toHaveLength(0);
  });

  it.each(['not a url', '/relative', ''])('refuses the invalid URL %j', async (url) => {
    await expect(safeFetch(url)).rejects.toMatchObject({ code: 'invalid_url' });
  });
});

describe('allowPrivate', () => {
  it('an origin entry reaches exactly that origin, on a port outside allowedPorts', async () => {
    const allowed = createSafeFetch({ allowPrivate: [v4.url.origin], env: {} });
    const response = await allowed(new URL('/ok', v4.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('reached');
    // Same address, other host spelling or port: not the allowed origin.
    await expect(allowed(`http://127.0.0.2:${v4.url.port}/`)).rejects.toMatchObject({ code: 'port_refused' });
    await expect(allowed(`http://localhost:${v4.url.port}/`)).rejects.toMatchObject({ code: 'port_refused' });
    await allowed.close();
    expect(v4.seen.map((r) => r.url)).toEqual(['/ok']);
    v4.seen.length = 0;
  });

  it('an origin entry names its own scheme; a host:port entry keeps to allowedSchemes', async () => {
    const byOrigin = createSafeFetch({ allowedSchemes: ['https'], allowPrivate: [v4.url.origin], env: {} });
    expect((await byOrigin(v4.url)).status).toBe(200);
    await expect(byOrigin('http://example.com/')).rejects.toMatchObject({ code: 'scheme_refused' });
    const byHostPort = createSafeFetch({ allowedSchemes: ['https'], allowPrivate: [v4.url.host], env: {} });
    await expect(byHostPort(v4.url)).rejects.toMatchObject({ code: 'scheme_refused' });
    await Promise.all([byOrigin.close(), byHostPort.close()]);
    expect(v4.seen).toHaveLength(1);
    v4.seen.length = 0;
  });

  it('a CIDR entry reaches addresses inside it on an allowed port', async () => {
    const allowed = createSafeFetch({ allowPrivate: ['127.0.0.0/8'], allowedPorts: [Number(v4.url.port)], env: {} });
    expect((await allowed(v4.url)).status).toBe(200);
    await expect(allowed(`http://[::1]:${v4.url.port}/`)).rejects.toMatchObject({ code: 'address_refused' });
    await allowed.close();
    v4.seen.length = 0;
  });

  it('validates its options', () => {
    expect(() => createSafeFetch({ allowPrivate: ['nonsense'] })).toThrow(/allowPrivate/);
    expect(() => createSafeFetch({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createSafeFetch({ maxRedirects: -1 })).toThrow(/maxRedirects/);
    expect(() => createSafeFetch({ allowedPorts: [70_000] })).toThrow(/allowedPorts/);
    expect(() => createSafeFetch({ proxy: 'socks5://proxy:1080' })).toThrow(/proxy/);
  });
});
