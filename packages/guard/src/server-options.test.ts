import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from './policy/index.js';
import { fastifyTrustProxy, guardServerOptions } from './server-options.js';

describe('guardServerOptions', () => {
  it('sets the secure Fastify options', () => {
    const options = guardServerOptions({ body: { limitBytes: 4096 } }, { logger: false });
    expect(options).toMatchObject({
      bodyLimit: 4096,
      requestIdHeader: false,
      onProtoPoisoning: 'error',
      onConstructorPoisoning: 'error',
      return503OnClosing: false,
      trustProxy: false,
      logger: false,
      routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
      ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    });
    expect(typeof options.genReqId).toBe('function');
    expect(typeof options.clientErrorHandler).toBe('function');
    expect(typeof options.frameworkErrors).toBe('function');
  });

  it('uses the application\'s own logger instance with lazy request children', async () => {
    const { Writable } = await import('node:stream');
    const { pino } = await import('pino');
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
    const own = pino({ level: 'warn' }, stream);
    let childCalls = 0;
    const child = own.child.bind(own);
    own.child = ((...args: Parameters<typeof own.child>) => {
      childCalls++;
      return child(...args);
    }) as typeof own.child;
    const options = guardServerOptions({}, { loggerInstance: own });
    expect(options.logger).toBeUndefined();
    expect(options.childLoggerFactory?.name).toBe('lazyChildLoggerFactory');
    const app = Fastify(options);
    app.get('/quiet', (request) => {
      request.log.info('below the level: no child is made for it');
      return { ok: true };
    });
    app.get('/loud', (request) => {
      request.log.warn({ detail: 1 }, 'written with the request id');
      return { ok: true };
    });
    try {
      await app.ready();
      const before = childCalls;
      for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/quiet', headers: { host: 'localhost' } })).statusCode).toBe(200);
      expect(childCalls).toBe(before);
      const loud = await app.inject({ method: 'GET', url: '/loud', headers: { host: 'localhost' } });
      expect(childCalls).toBe(before + 1);
      const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'written with the request id');
      expect(loud.statusCode).toBe(200);
      expect(line).toMatchObject({ level: 40, detail: 1, reqId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    } finally {
      await app.close();
    }
  });

  it('gives request loggers guard\'s lazy child factory, and keeps Fastify\'s own when logging is off', async () => {
    const { Writable } = await import('node:stream');
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
    expect(guardServerOptions({}, { logStream: stream }).childLoggerFactory?.name).toBe('lazyChildLoggerFactory');
    // Without a logger Fastify skips request children altogether, but only with its own factory.
    const silent = guardServerOptions({}, { logger: false });
    expect(silent.childLoggerFactory).toBeUndefined();
    const app = Fastify(silent);
    let sameLogger = false;
    app.get('/', (request) => {
      sameLogger = request.log === app.log;
      return { ok: true };
    });
    try {
      expect((await app.inject({ method: 'GET', url: '/', headers: { host: 'localhost' } })).statusCode).toBe(200);
      expect(sameLogger).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('trusts only the listed proxies, never everything', () => {
    expect(fastifyTrustProxy(resolvePolicy({}))).toBe(false);
    expect(fastifyTrustProxy(resolvePolicy({ trustProxy: ['10.0.0.0/8', '192.168.1.1'] }))).toEqual(['10.0.0.0/8', '192.168.1.1']);
  });

  it('believes X-Forwarded-For only from a listed proxy', async () => {
    const seen = async (trustProxy: string[], remoteAddress: string) => {
      const app = Fastify(guardServerOptions({ trustProxy }, { logger: false }));
      app.get('/', async (request) => request.ip);
      const response = await app.inject({ url: '/', remoteAddress, headers: { 'x-forwarded-for': '203.0.113.7' } });
      await app.close();
      return response.body;
    };
    expect(await seen(['10.0.0.0/8'], '10.1.2.3')).toBe('203.0.113.7');
    expect(await seen(['10.0.0.0/8'], '198.51.100.1')).toBe('198.51.100.1');
    expect(await seen([], '10.1.2.3')).toBe('10.1.2.3');
  });

  it('drops prototype keys from query strings and keeps repeated keys as arrays', async () => {
    const app = Fastify(guardServerOptions({}, { logger: false }));
    app.get('/', async (request) => {
      const query = request.query as Record<string, unknown>;
      const merged = Object.assign({}, query) as Record<string, unknown>;
      return { keys: Object.keys(query), prototypeIntact: Object.getPrototypeOf(merged) === Object.prototype, a: query.a, q: query.q };
    });
    const response = await app.inject('/?__proto__=1&__proto__=2&constructor=x&prototype=y&a=1&a=2&q=hello+world%21');
    await app.close();
    expect(response.json()).toEqual({ keys: ['a', 'q'], prototypeIntact: true, a: ['1', '2'], q: 'hello world!' });
  });

  it('refuses an insecure production policy before the server exists', () => {
    expect(() => guardServerOptions({ mode: 'production', allowedHosts: ['api.example.com'], trustProxy: true })).toThrow(/trustProxy/);
  });
});
