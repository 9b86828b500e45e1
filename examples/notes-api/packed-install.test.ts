// The packed-install test: the published tarballs, installed outside the repository with the
// newest Fastify 5, type-checked under strict + exactOptionalPropertyTypes with skipLibCheck
// false, then the notes service started as a process and driven over HTTP.
import { createHmac } from 'node:crypto';
import { readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../test-support/http-server.js';
import { redisAvailable, REDIS_URL } from '../../test-support/services.js';
import { startApp, type AppProcess } from './test-support/app-process.js';
import { statusForDeclaredLength } from './test-support/declared-length.js';
import { startOidcProvider, type TestProvider } from './test-support/oidc-provider.js';
import { PUBLIC_PACKAGES } from '../../test-support/public-packages.js';
import { createPackedProject, type PackedProject } from './test-support/packed-project.js';
import { registryAvailable } from './test-support/registry.js';
import { run, runOk } from './test-support/run.js';

const ready = (await redisAvailable()) && (await registryAvailable());
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';
const OPERATOR_PASSWORD = 'test operator password';

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

describe.runIf(ready)('the packed packages, installed outside the repository', () => {
  let project: PackedProject;
  let provider: TestProvider;
  let importSource: TestServer;
  let app: AppProcess;
  const tsc = () => join(project.dir, 'node_modules/typescript/bin/tsc');
  const call = (path: string, options: Parameters<typeof request>[1] = {}) => request(`${app.url}${path}`, options);
  const json = (body: unknown, token?: string) => ({
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });

  beforeAll(async () => {
    const started = Date.now();
    project = await createPackedProject();
    const installed = Date.now();
    provider = await startOidcProvider();
    importSource = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('imported from the intranet');
    });
    // Type check (strict, exactOptionalPropertyTypes, skipLibCheck: false) and build.
    await runOk(process.execPath, [tsc(), '-p', '.'], project.dir);
    console.log(`packed-install: pack + install ${installed - started} ms, type check + build ${Date.now() - installed} ms (${project.dir})`);
    app = await startApp(project.dir, {
      NODE_ENV: 'production', // guard's production refusals apply: the policy must pass them
      PORT: '0',
      ALLOWED_HOSTS: 'localhost,127.0.0.1,10.0.0.0/8',
      REDIS_URL,
      REDIS_PREFIX: `notes:packed-test:${process.pid}:${Date.now()}:`,
      OIDC_ISSUER: provider.issuer,
      OIDC_AUDIENCE: provider.audience,
      NOTES_WEBHOOK_SECRET: WEBHOOK_SECRET,
      NOTES_OPERATOR_PASSWORD: OPERATOR_PASSWORD,
      NOTES_IMPORT_ALLOW_PRIVATE: importSource.url.origin,
    });
  }, 240_000);

  afterAll(async () => {
    await app?.stop().catch(() => undefined);
    await provider?.close();
    await importSource?.close();
  });

  it('installs the newest Fastify 5 once, as guard\'s peer (no second copy)', async () => {
    const { stdout } = await run('npm', ['ls', 'fastify', '--all', '--parseable'], project.dir);
    const copies = stdout.split('\n').filter((line) => /node_modules\/fastify$/.test(line));
    expect(copies).toEqual([join(project.dir, 'node_modules/fastify')]);
  });

  it('ships a README, a LICENSE and source maps whose sources are in the package', async () => {
    for (const name of PUBLIC_PACKAGES) {
      const dir = join(project.dir, 'node_modules/@rampart', name);
      await expect(readFile(join(dir, 'README.md'), 'utf8')).resolves.toContain(`@rampart/${name}`);
      await expect(readFile(join(dir, 'LICENSE'), 'utf8')).resolves.toContain('MIT License');
      let maps = 0;
      for await (const path of files(join(dir, 'dist'))) {
        if (!path.endsWith('.map')) continue;
        maps++;
        const map = JSON.parse(await readFile(path, 'utf8')) as { sources: string[] };
        for (const source of map.sources) await expect(readFile(resolve(dirname(path), source), 'utf8'), `${path} -> ${source}`).resolves.toBeTypeOf('string');
      }
      expect(maps).toBeGreaterThan(0);
    }
  });

  it('exports one entry point of guard: internals cannot be imported', async () => {
    const deep = await run(process.execPath, ['--input-type=module', '-e', "await import('@rampart/guard/dist/plugin.js')"], project.dir);
    expect(deep.code).not.toBe(0);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
    const { stdout } = await runOk(process.execPath, ['--input-type=module', '-e', "console.log(Object.keys(await import('@rampart/guard')).sort().join(' '))"], project.dir);
    expect(stdout).toContain('guard ');
    for (const internal of ['composeLayers', 'guardLayers', 'buildGuardValidator', 'registerBodyLayer', 'createHostsLayer', 'createErrorHandler', 'closest']) expect(stdout.split(' ')).not.toContain(internal);
  });

  it('runs the command lines of audit, scan and deps', async () => {
    for (const bin of ['rampart-audit', 'rampart-scan', 'rampart-deps']) {
      const result = await run(join(project.dir, 'node_modules/.bin', bin), ['--help'], project.dir);
      expect(result.code, `${bin}: ${result.stderr}`).toBe(0);
      expect(result.stdout + result.stderr).toMatch(/usage/i);
    }
  });

  it('serves public reads and refuses a scoped write without a token (401) or without the scope (403)', async () => {
    const list = await call('/notes');
    expect(list.statusCode).toBe(200);
    expect(list.headers['x-content-type-options']).toBe('nosniff');
    expect(list.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(list.headers['ratelimit-policy']).toBeDefined();
    await list.body.json();

    const anonymous = await call('/notes', json({ text: 'hello' }));
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(await anonymous.body.json()).toMatchObject({ error: 'authentication_required' });

    const reader = await call('/notes', json({ text: 'hello' }, await provider.token('reader', ['notes:read'])));
    expect(reader.statusCode).toBe(403);
    await reader.body.dump();

    const forged = await call('/notes', json({ text: 'hello' }, `${await provider.token('writer', ['notes:write'])}x`));
    expect(forged.statusCode).toBe(401);
    await forged.body.dump();
  });

  it('accepts a write with a token of the provider carrying the scope; strict bodies', async () => {
    const token = await provider.token('writer-1', ['notes:write']);
    const created = await call('/notes', json({ text: 'buy milk' }, token));
    expect(created.statusCode).toBe(201);
    const note = (await created.body.json()) as { id: string; author: string };
    expect(note.author).toBe('writer-1');

    const read = await call(`/notes/${note.id}`);
    expect(await read.body.json()).toMatchObject({ id: note.id, text: 'buy milk' });

    const extra = await call('/notes', json({ text: 'x', admin: true }, token));
    expect(extra.statusCode).toBe(400);
    await extra.body.dump();
  });

  it('imports a note from an allowed private origin only: loopback, metadata and other ports are refused (422)', async () => {
    const token = await provider.token('writer-2', ['notes:write']);
    const allowed = await call('/notes/import', json({ url: new URL('/note.txt', importSource.url).href }, token));
    expect(allowed.statusCode).toBe(201);
    expect(await allowed.body.json()).toMatchObject({ text: 'imported from the intranet' });
    for (const url of [`${provider.issuer}/jwks`, 'http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd', 'http://[::1]/']) {
      const refused = await call('/notes/import', json({ url }, token));
      expect([url, refused.statusCode]).toEqual([url, 422]);
      expect(await refused.body.json()).toMatchObject({ error: 'import_refused' });
    }
  });

  it('limits the login to a few attempts a minute (429 with Retry-After)', async () => {
    const right = await call('/login', json({ user: 'operator', password: OPERATOR_PASSWORD }));
    expect(right.statusCode).toBe(200);
    await right.body.dump();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await call('/login', json({ user: 'operator', password: `guess ${attempt}` }));
      statuses.push(wrong.statusCode);
      if (wrong.statusCode === 429) expect(Number(wrong.headers['retry-after'])).toBeGreaterThan(0);
      await wrong.body.dump();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  it('checks the webhook signature over the raw body and gives the webhook a limit of its own (429), while the public routes still answer', async () => {
    const body = '{ "event":  "paid" }'; // spacing kept: the signature covers these exact bytes
    const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');
    const deliver = (signature: string, payload = body) =>
      call('/webhooks/payments', { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signature }, body: payload });
    const wrong = await deliver(sign('not-the-secret'));
    expect(wrong.statusCode).toBe(401);
    expect(await wrong.body.json()).toMatchObject({ error: 'bad_signature' });
    const statuses: number[] = [];
    for (let delivery = 0; delivery < 3; delivery++) {
      // The second delivery re-serialises the body: same JSON, other bytes, so not signed.
      const answer = await deliver(sign(WEBHOOK_SECRET), delivery === 1 ? JSON.stringify(JSON.parse(body)) : body);
      statuses.push(answer.statusCode);
      await answer.body.dump();
    }
    expect(statuses).toEqual([204, 401, 429]);
    expect(String(wrong.headers['ratelimit-policy'])).toContain('"webhook"');
    const list = await call('/notes');
    expect(list.statusCode).toBe(200);
    await list.body.dump();
  });

  it('takes a 5 MiB upload on its route only: one byte more is 413, JSON there is 415', async () => {
    const token = await provider.token('writer-3', ['notes:write']);
    const upload = (bytes: Buffer, type = 'application/octet-stream') =>
      call('/attachments', { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body: bytes });
    const five = Buffer.alloc(5 * 1024 * 1024, 7);
    const accepted = await upload(five);
    expect(accepted.statusCode).toBe(201);
    expect(await accepted.body.json()).toMatchObject({ bytes: five.length });
    const octets = { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` };
    expect(await statusForDeclaredLength(app.url, '/attachments', octets, five.length + 1)).toBe(413);
    const json415 = await upload(Buffer.from('{"a":1}'), 'application/json');
    expect(json415.statusCode).toBe(415);
    await json415.body.dump();
    // Elsewhere the JSON limit (1 MiB) still holds.
    const jsonHeaders = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    expect(await statusForDeclaredLength(app.url, '/notes', jsonHeaders, 2 * 1024 * 1024)).toBe(413);
  });

  it('serves the HTML status page with the page profile and a fresh CSP nonce, and its stylesheet through @fastify/static', async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await call('/status');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const html = await page.body.text();
      expect(html).toContain('notes-api is up');
      const nonce = /<style nonce="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(String(page.headers['content-security-policy'])).toContain(`'nonce-${nonce}'`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    const css = await call('/assets/status.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    expect(await css.body.text()).toContain('font-family');
  });

  it('refuses a Host that is not allowed; an address of an allowed CIDR reaches the probe', async () => {
    const answer = await call('/notes', { headers: { host: 'evil.example' } });
    expect(answer.statusCode).toBe(400);
    await answer.body.dump();
    const probe = await call('/livez', { headers: { host: '10.1.2.3:8080' } });
    expect(probe.statusCode).toBe(200);
    expect(await probe.body.json()).toEqual({ status: 'ok' });
    const outside = await call('/livez', { headers: { host: '11.1.2.3' } });
    expect(outside.statusCode).toBe(400);
    await outside.body.dump();
  });

  it('exits by itself after SIGTERM (the Redis store closed)', async () => {
    expect(await app.stop()).toBe(0);
  });

  it('imports guard without ioredis installed, and its declarations never name ioredis; only the Redis store needs it', async () => {
    // Types: no declaration file refers to ioredis, so skipLibCheck: false cannot need it.
    for await (const path of files(join(project.dir, 'node_modules/@rampart/guard/dist'))) {
      if (path.endsWith('.d.ts')) expect(await readFile(path, 'utf8'), path).not.toMatch(/['"]ioredis['"]/);
    }
    const ioredis = join(project.dir, 'node_modules/ioredis');
    await rename(ioredis, `${ioredis}.hidden`);
    try {
      const script = "const { guard, RedisRateLimitStore } = await import('@rampart/guard'); console.log(typeof guard); try { new RedisRateLimitStore({ url: 'redis://127.0.0.1:1' }); } catch (error) { console.log(error.message); }";
      const { stdout } = await runOk(process.execPath, ['--input-type=module', '-e', script], project.dir);
      expect(stdout).toMatch(/^function\n/);
      expect(stdout).toContain('npm install ioredis');
    } finally {
      await rename(`${ioredis}.hidden`, ioredis);
    }
  });
});
