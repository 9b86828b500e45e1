// The assembled platform over HTTP: the real server (guard, identity, every route) on 127.0.0.1 port 0.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { assemblePlatform } from './assembly/assemble-platform.js';
import { loadConfig } from './config/index.js';
import type { Env } from './config/index.js';
import { freshDatabase } from '../../../test-support/pglite-snapshot.js';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

interface Running {
  readonly base: string;
  readonly host: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

async function start(env: Env, logLevel?: string): Promise<Running> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rampart-server-'));
  const config = loadConfig({ RAMPART_DATA_DIR: dataDir, ...env }, dataDir);
  const platform = await assemblePlatform(config, {
    database: await freshDatabase(),
    logStream: quiet,
    ...(logLevel === undefined ? {} : { logLevel }),
    migrate: false,
    identity: { controlSocket: false, env: {} },
  });
  return {
    base: await platform.listen({ host: '127.0.0.1', port: 0 }),
    host: config.allowedHosts[0] as string,
    app: platform.app,
    async close() {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function get(server: Running, path: string, headers: Record<string, string> = {}) {
  const response = await request(`${server.base}${path}`, { headers: { host: server.host, ...headers } });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((server) => server.close()));
});

describe('the assembled server', { timeout: 240_000 }, () => {
  it('development: /health, /openapi.json and /docs', async () => {
    const dev = await start({});
    running.push(dev);
    const health = await get(dev, '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
    expect(health.headers['ratelimit-policy']).toMatch(/"health";q=60;w=60/);

    const openapi = await get(dev, '/openapi.json');
    expect(openapi.status).toBe(200);
    const document = JSON.parse(openapi.text) as { openapi: string; paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/health']?.get?.security).toEqual([]);
    // Routes of the other owners appear too, with their declared needs.
    expect(Object.keys(document.paths).length).toBeGreaterThan(3);
    expect(Object.keys(document.paths).some((path) => path.includes('{'))).toBe(true);

    const docs = await get(dev, '/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    // The page headers profile: the page CSP, scripts from 'self' only, never framed.
    expect(docs.headers['content-security-policy']).toMatch(/(?:^|; )script-src 'self'(?:;|$)/);
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(docs.headers['content-security-policy']).not.toMatch(/unsafe/);
    expect(openapi.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(docs.text).toContain('/health');
    expect(docs.text).not.toMatch(/<script/i);
  });

  it('production: no /docs, no /openapi.json, the configured health limit', async () => {
    const prod = await start({
      RAMPART_ENV: 'production',
      ALLOWED_HOSTS: 'api.example.test',
      SECURITY_CONTACT: 'mailto:security@example.test',
      // An hour-long window: a 1 s window aligned to the clock could split the three requests.
      RATE_LIMIT_HEALTH: '2/hour',
    });
    running.push(prod);
    expect((await get(prod, '/openapi.json')).status).toBe(404);
    expect((await get(prod, '/docs')).status).toBe(404);
    expect((await get(prod, '/health')).headers['ratelimit-policy']).toMatch(/"health";q=2;w=3600/);
    expect((await get(prod, '/health')).status).toBe(200);
    expect((await get(prod, '/health')).status).toBe(429);
    const txt = await get(prod, '/.well-known/security.txt');
    expect(txt.status).toBe(200);
    expect(txt.text).toContain('Contact: mailto:security@example.test');
  });

  it('makes no logger per request while nothing is logged (guard\'s lazy request children)', async () => {
    const quietLevel = await start({ LOG_LEVEL: 'warn' }, 'warn');
    running.push(quietLevel);
    // Fastify hands its server logger to the child factory for each request.
    const root = quietLevel.app.log;
    const child = root.child.bind(root);
    let made = 0;
    root.child = ((...args: Parameters<typeof root.child>) => {
      made++;
      return child(...args);
    }) as typeof root.child;
    for (let i = 0; i < 20; i++) expect((await get(quietLevel, '/health')).status).toBe(200);
    expect(made).toBe(0);
  });

  it('refuses to build when guard refuses the policy (production, insecure setting)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rampart-server-'));
    const config = loadConfig(
      { RAMPART_ENV: 'production', ALLOWED_HOSTS: 'api.example.test', SECURITY_CONTACT: 'mailto:s@example.test', RAMPART_DATA_DIR: dataDir },
      dataDir,
    );
    try {
      // A memory rate-limit store with several instances declared: limits would hold per instance.
      const insecure = { ...config, instances: 2 };
      const options = { database: await freshDatabase(), logStream: quiet, migrate: false, identity: { controlSocket: false, env: {} } };
      await expect(assemblePlatform(insecure, options)).rejects.toThrow(/instances|store/i);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
