import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../errors/index.js';
import { resolvePolicy } from '../policy/index.js';
import { compileHostAllowList, createHostsLayer, hasSeveralHostFields, hostNameOf, isHostAllowed, isOriginForm } from './index.js';

describe('hostNameOf', () => {
  it.each([
    ['api.example.com', 'api.example.com'],
    ['API.Example.COM:8443', 'api.example.com'],
    ['[::1]:3000', '[::1]'],
    ['[::1]', '[::1]'],
    ['127.0.0.1:80', '127.0.0.1'],
    ['localhost:65535', 'localhost'],
    ['[::1]:1', '[::1]'],
  ])('%s -> %s', (host, name) => {
    expect(hostNameOf(host)).toBe(name);
  });

  it.each(['', ':80', 'api.example.com:', 'api.example.com:abc', 'api.example.com:80:80', 'a:123456', 'localhost:99999', 'localhost:65536', 'localhost:0', '[::1]:99999', '[::1', '[::1]x', 'x'.repeat(300)])(
    'rejects malformed %j',
    (host) => {
      expect(hostNameOf(host)).toBeUndefined();
    },
  );
});

describe('compileHostAllowList / isHostAllowed', () => {
  const list = compileHostAllowList(['api.example.com', '*.apps.example.com', '127.0.0.1', '::1']);

  it.each(['api.example.com', 'a.apps.example.com', 'x-1.apps.example.com', '127.0.0.1', '[::1]'])('allows %s', (name) => {
    expect(isHostAllowed(list, name)).toBe(true);
  });

  it.each([
    'apps.example.com', // the wildcard needs a label in front
    'evilapps.example.com', // not a whole label
    'a.b.apps.example.com', // exactly one label
    'a.apps.example.com.evil.test',
    'api.example.com.',
    'api.example.co',
    'xapi.example.com',
    '-a.apps.example.com',
    'a_b.apps.example.com',
    '.apps.example.com',
    'evil.test',
  ])('refuses %s', (name) => {
    expect(isHostAllowed(list, name)).toBe(false);
  });

  it('refuses malformed entries at start', () => {
    expect(() => compileHostAllowList(['api.example.com/path'])).toThrow(/not a host name/);
    expect(() => compileHostAllowList(['*'])).toThrow(/not a host name/);
    expect(() => compileHostAllowList(['*.'])).toThrow(/wildcard/);
  });

  it('matches IP literal hosts against CIDR entries (IPv4, bracketed IPv6)', () => {
    const cidrs = compileHostAllowList(['api.example.com', '10.0.0.0/8', 'FD00::/8', '192.0.2.0/24']);
    for (const name of ['10.1.2.3', '10.255.255.255', '192.0.2.77', '[fd00::1]', '[fdff:1:2::3]', '[::ffff:10.0.0.1]', 'api.example.com']) {
      expect(isHostAllowed(cidrs, name), name).toBe(true);
    }
    // Outside the ranges, not four-part decimal (ipaddr.js would read `10.1` as 10.0.0.1), or a name.
    for (const name of ['11.0.0.1', '192.0.3.1', '[fe80::1]', '[::1]', '10.1', '010.1.2.3', '10.1.2.3.example.com', '0x0a.1.2.3', '[10.1.2.3]']) {
      expect(isHostAllowed(cidrs, name), name).toBe(false);
    }
  });

  it('refuses a malformed CIDR at start', () => {
    expect(() => compileHostAllowList(['10.0.0.0/33'])).toThrow(/not a host name, IP address or CIDR/);
    expect(() => compileHostAllowList(['10.0.0/8'])).toThrow(/not a host name, IP address or CIDR/);
  });

  it('an empty list allows nothing', () => {
    expect(isHostAllowed(compileHostAllowList([]), 'localhost')).toBe(false);
  });
});

describe('createHostsLayer with inject()', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const policy = resolvePolicy({ allowedHosts: ['api.example.com', '*.example.org'], trustProxy: ['10.0.0.1'] });
    const checkHost = createHostsLayer(policy);
    app = Fastify({ trustProxy: ['10.0.0.1'] });
    app.setErrorHandler(createErrorHandler());
    app.addHook('onRequest', async (request, reply) => {
      const error = checkHost(request, reply);
      if (error) throw error;
    });
    app.get('/ok', async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  const get = (headers: Record<string, string>, remoteAddress = '192.0.2.1') =>
    app.inject({ method: 'GET', url: '/ok', headers, remoteAddress });

  it.each(['api.example.com', 'API.EXAMPLE.COM', 'api.example.com:8080', 'shop.example.org'])('admits Host %s', async (host) => {
    const response = await get({ host });
    expect(response.statusCode).toBe(200);
  });

  it.each([
    'evil.test',
    'example.org',
    'evilexample.org',
    'a.example.org.evil.test',
    'api.example.com.',
    'api.example.com:80:80',
    'api.example.com@evil.test',
    'a.b.example.org',
    '',
  ])('refuses Host %j with 400 host_not_allowed', async (host) => {
    const response = await get({ host });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'host_not_allowed' });
    expect(response.body).not.toContain(host || '\u0000');
  });

  it('ignores X-Forwarded-Host from an untrusted peer', async () => {
    const response = await get({ host: 'evil.test', 'x-forwarded-host': 'api.example.com' });
    expect(response.statusCode).toBe(400);
  });

  it('believes X-Forwarded-Host from a trusted proxy, and checks it', async () => {
    expect((await get({ host: 'internal', 'x-forwarded-host': 'api.example.com' }, '10.0.0.1')).statusCode).toBe(200);
    expect((await get({ host: 'api.example.com', 'x-forwarded-host': 'evil.test' }, '10.0.0.1')).statusCode).toBe(400);
  });
});

describe('hasSeveralHostFields / isOriginForm', () => {
  it('counts Host fields in rawHeaders whatever their case', () => {
    expect(hasSeveralHostFields(['Host', 'a', 'Accept', '*/*'])).toBe(false);
    expect(hasSeveralHostFields(['Host', 'a', 'hOsT', 'b'])).toBe(true);
    expect(hasSeveralHostFields(['host', 'a', 'x-host', 'b', 'hosts', 'c'])).toBe(false);
    expect(hasSeveralHostFields([])).toBe(false);
  });

  it.each([
    ['/', true],
    ['/a?b=c', true],
    ['http://evil.test/', false],
    ['https://api.example.com/x', false],
    ['*', false],
    ['', false],
    [undefined, false],
  ])('%j is origin form: %s', (target, expected) => {
    expect(isOriginForm(target)).toBe(expected);
  });
});

describe('createHostsLayer on a real socket (what inject() cannot send)', () => {
  let app: FastifyInstance;
  let port = 0;

  beforeAll(async () => {
    const checkHost = createHostsLayer(resolvePolicy({ allowedHosts: ['api.example.com'] }));
    app = Fastify();
    app.setErrorHandler(createErrorHandler());
    app.addHook('onRequest', async (request, reply) => {
      const error = checkHost(request, reply);
      if (error) throw error;
    });
    app.get('/ok', async () => ({ ok: true }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(() => app.close());

  /** Sends one raw HTTP/1.1 request and resolves with the status code of the answer. */
  const raw = (head: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      let data = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        data += chunk;
        const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
        if (match) {
          socket.destroy();
          resolve(Number(match[1]));
        }
      });
      socket.on('error', reject);
      socket.write(`${head}\r\nConnection: close\r\n\r\n`);
    });

  it('serves a plain request (the control)', async () => {
    expect(await raw('GET /ok HTTP/1.1\r\nHost: api.example.com')).toBe(200);
  });

  it('refuses a second Host header with 400 (RFC 9112 section 3.2)', async () => {
    expect(await raw('GET /ok HTTP/1.1\r\nHost: api.example.com\r\nHost: evil.test')).toBe(400);
    expect(await raw('GET /ok HTTP/1.1\r\nHost: api.example.com\r\nhost: api.example.com')).toBe(400);
  });

  it('refuses an absolute-form target whose authority was never checked', async () => {
    expect(await raw('GET http://evil.test/ok HTTP/1.1\r\nHost: api.example.com')).toBe(400);
    expect(await raw('GET http://api.example.com/ok HTTP/1.1\r\nHost: api.example.com')).toBe(400);
  });

  it('refuses a port outside 1..65535', async () => {
    expect(await raw('GET /ok HTTP/1.1\r\nHost: api.example.com:99999')).toBe(400);
    expect(await raw('GET /ok HTTP/1.1\r\nHost: api.example.com:443')).toBe(200);
  });
});
