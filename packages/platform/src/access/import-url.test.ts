// POST /api/import {url} over real HTTP: the platform server fetches a courses document from a
// local source server (allowed through IMPORT_ALLOWED_ORIGINS), and refuses private, loopback,
// link-local and metadata destinations (400), directly or by redirect, before connecting.
// Failures are generic: nothing about the source or internal addresses reaches the client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer as SourceServer } from '../../../../test-support/http-server.js';
import { IMPORT_BODY_LIMIT_BYTES } from '../routes/import.js';
import { startTestServer, type TestServer, type TestUser } from './test-support/server.js';

const SETUP_TIMEOUT_MS = 180_000;

let source: SourceServer;
let bystander: SourceServer;
let server: TestServer;
let admin: TestUser;
let paid: TestUser;

const documents: Record<string, () => string> = {
  '/courses.json': () => JSON.stringify({ courses: [{ title: 'Fetched one' }, { title: 'Fetched two', priceCents: 1200, currency: 'EUR' }] }),
  '/not-json': () => 'courses: yes',
  '/wrong-shape': () => JSON.stringify({ courses: [{ title: 'Fetched bad', priceCents: -5 }] }),
  '/url-form': () => JSON.stringify({ url: 'https://example.com/other.json' }),
  '/big': () => JSON.stringify({ courses: [{ title: 'Fetched big', description: 'x'.repeat(IMPORT_BODY_LIMIT_BYTES) }] }),
};

beforeAll(async () => {
  source = await startServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const redirect = url.searchParams.get('to');
    if (url.pathname === '/redirect' && redirect !== null) return void response.writeHead(302, { location: redirect }).end();
    if (url.pathname === '/broken') return void response.writeHead(500, { 'content-type': 'text/plain' }).end('SECRET stack trace at /srv/source');
    const document = documents[url.pathname];
    if (document === undefined) return void response.writeHead(404).end();
    if (url.pathname === '/big') {
      // Chunked (no Content-Length): only the streaming cap can stop it.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(document());
      return void response.end();
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(document());
  });
  bystander = await startServer((_request, response) => response.end(JSON.stringify({ courses: [{ title: 'Bystander' }] })));
  server = await startTestServer('pglite', { IMPORT_ALLOWED_ORIGINS: source.url.origin });
  admin = await server.user('admin');
  paid = await server.user('paid-individual');
}, SETUP_TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
  await source?.close();
  await bystander?.close();
});

const titles = async (): Promise<string[]> =>
  ((await server.call('GET', '/api/courses?limit=100', { token: admin.token })).json() as { courses: { title: string }[] }).courses.map((c) => c.title);

const importUrl = (url: string, token = admin.token) => server.call('POST', '/api/import', { token, body: { url } });

/** Nothing internal in an error body: no addresses, ports, library names, source text or stack. */
function expectOpaque(text: string): void {
  expect(text).not.toMatch(/127\.0\.0\.1|169\.254|::1|localhost|ECONN|ENOTFOUND|undici|SafeFetch|fetch failed|SECRET|\/srv\/|stack|node_modules/i);
}

describe('POST /api/import {url}', () => {
  it('imports the courses document fetched from an allowed source', async () => {
    const response = await importUrl(new URL('/courses.json', source.url).href);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ imported: 2 });
    expect(await titles()).toEqual(expect.arrayContaining(['Fetched one', 'Fetched two']));
    expect(source.seen.at(-1)?.headers.accept).toBe('application/json');
  });

  it('needs import:write like the inline form', async () => {
    const response = await importUrl(new URL('/courses.json', source.url).href, paid.token);
    expect(response.status).toBe(403);
  });

  it.each([
    ['loopback on another port', () => bystander.url.href],
    ['loopback, https', () => `https://127.0.0.1:${bystander.url.port}/`],
    ['loopback by name', () => `http://localhost:${bystander.url.port}/`],
    ['loopback, decimal spelling', () => 'https://2130706433/'],
    ['IPv6 loopback', () => 'https://[::1]/'],
    ['IPv4-mapped loopback', () => 'https://[::ffff:127.0.0.1]/'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['cloud metadata, https', () => 'https://169.254.169.254/latest/meta-data/'],
    ['link-local IPv6', () => 'https://[fe80::1]/'],
    ['private', () => 'https://10.0.0.1/courses.json'],
    ['private 192.168', () => 'https://192.168.0.10/'],
    ['unique local IPv6', () => 'https://[fd00::1]/'],
    ['0.0.0.0', () => 'https://0.0.0.0/'],
    ['a public http URL (https only)', () => 'http://example.com/courses.json'],
    ['a refused port', () => 'https://example.com:8443/courses.json'],
    ['file', () => 'file:///etc/passwd'],
    ['not a URL', () => 'courses.json'],
  ])('refuses %s with 400 import_url_refused, before connecting', async (_name, url) => {
    const before = bystander.seen.length;
    const response = await importUrl(url());
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'import_url_refused' });
    expectOpaque(response.text);
    expect(bystander.seen.length).toBe(before);
  });

  it.each([
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['loopback on another port', 'BYSTANDER'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['private', 'http://10.0.0.1/'],
  ])('refuses a redirect from the allowed source to %s with 400', async (_name, target) => {
    const location = target === 'BYSTANDER' ? bystander.url.href : target;
    const before = bystander.seen.length;
    const response = await importUrl(new URL(`/redirect?to=${encodeURIComponent(location)}`, source.url).href);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'import_url_refused' });
    expectOpaque(response.text);
    expect(bystander.seen.length).toBe(before);
  });

  it('follows a redirect within the allowed source', async () => {
    const response = await importUrl(new URL(`/redirect?to=${encodeURIComponent('/courses.json')}`, source.url).href);
    expect(response.status).toBe(200);
  });

  it('refuses a document over the size limit with 400 and imports nothing', async () => {
    const response = await importUrl(new URL('/big', source.url).href);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'import_source_too_large' });
    expect(await titles()).not.toContain('Fetched big');
  });

  it.each(['/not-json', '/wrong-shape', '/url-form'])('refuses the invalid document %s with 400 and imports nothing', async (path) => {
    const before = await titles();
    const response = await importUrl(new URL(path, source.url).href);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'import_source_invalid' });
    expectOpaque(response.text);
    expect(await titles()).toEqual(before);
  });

  it.each(['/broken', '/missing'])('answers 502 with a generic message when the source answers an error (%s)', async (path) => {
    const response = await importUrl(new URL(path, source.url).href);
    expect(response.status).toBe(502);
    expect(response.json()).toMatchObject({ error: 'import_source_unavailable', message: 'internal error' });
    expectOpaque(response.text);
  });

  it('answers 502 when the allowed source is unreachable', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url.href;
    await closed.close();
    const unreachable = await startTestServer('pglite', { IMPORT_ALLOWED_ORIGINS: new URL(url).origin });
    try {
      const token = (await unreachable.user('admin')).token;
      const response = await unreachable.call('POST', '/api/import', { token, body: { url } });
      expect(response.status).toBe(502);
      expect(response.json()).toMatchObject({ error: 'import_source_unavailable' });
      expectOpaque(response.text);
    } finally {
      await unreachable.close();
    }
  }, SETUP_TIMEOUT_MS);

  it.each([
    { url: 'https://example.com/courses.json', courses: [{ title: 'Both' }] },
    { url: '' },
    { url: 42 },
    {},
  ])('refuses the body %j with 400', async (body) => {
    const response = await server.call('POST', '/api/import', { token: admin.token, body });
    expect(response.status).toBe(400);
    expectOpaque(response.text);
  });
});
