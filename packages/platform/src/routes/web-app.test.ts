// The web app served by the real platform server: the page headers (CSP with Trusted Types,
// no-store), hashed assets cached for a year, 404 for anything not in the build, traversal
// attempts included, and no CORS for the page.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../access/test-support/server.js';
import { ASSET_CACHE_CONTROL, DEFAULT_WEB_ROOT, readWebBuild } from './web-app.js';

let server: TestServer;
let manifest: { script: string; stylesheet: string };

beforeAll(async () => {
  // The root build makes packages/web/dist; build it here only when a test run comes first.
  if (!existsSync(join(DEFAULT_WEB_ROOT, 'manifest.json'))) execFileSync(process.execPath, [join(DEFAULT_WEB_ROOT, '..', 'build.js')]);
  manifest = JSON.parse(readFileSync(join(DEFAULT_WEB_ROOT, 'manifest.json'), 'utf8')) as typeof manifest;
  server = await startTestServer('pglite');
});

afterAll(async () => {
  await server?.close();
});

/** The directives of a CSP header, name -> sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name as string, sources]));
}

describe('GET /', () => {
  it('serves the HTML page with the page CSP (Trusted Types, no inline), never cached', async () => {
    const page = await server.call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    const csp = directives(String(page.headers['content-security-policy']));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(csp.get('trusted-types')).toEqual(['default']);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // Only external, same-origin script and style; no inline anything.
    expect(page.text).toContain(`<script type="module" src="/assets/${manifest.script}"></script>`);
    expect(page.text).toContain(`<link rel="stylesheet" href="/assets/${manifest.stylesheet}">`);
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('answers a cross-origin request without any CORS header (the app is same-origin)', async () => {
    const page = await server.call('GET', '/', { headers: { origin: 'https://attacker.example' } });
    expect(page.status).toBe(200);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('GET /assets/*', () => {
  it('serves the hashed script and stylesheet with a year-long immutable cache', async () => {
    const script = await server.call('GET', `/assets/${manifest.script}`);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
    expect(script.text).toBe(readFileSync(join(DEFAULT_WEB_ROOT, 'assets', manifest.script), 'utf8'));
    const style = await server.call('GET', `/assets/${manifest.stylesheet}`);
    expect(style.status).toBe(200);
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(style.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
  });

  it.each([
    '/assets/main-UNKNOWN.js',
    '/assets/../manifest.json',
    '/assets/..%2Fmanifest.json',
    '/assets/..%2F..%2F..%2Fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fbuild.js',
    '/assets/..%5Cindex.html',
    '/assets/%2Fetc%2Fpasswd',
    '/assets/',
    '/manifest.json',
    '/index.html',
  ])('%s is not served (404 or 400, never a file)', async (path) => {
    const answer = await server.call('GET', path);
    expect([400, 404]).toContain(answer.status);
    expect(answer.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});

describe('readWebBuild', () => {
  it('keeps only .js and .css files of assets/: source maps, other files and directories stay private', () => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-web-build-'));
    try {
      mkdirSync(join(root, 'assets', 'nested'), { recursive: true });
      writeFileSync(join(root, 'index.html'), '<!doctype html>');
      writeFileSync(join(root, 'assets', 'main-AAAA.js'), 'export {};');
      writeFileSync(join(root, 'assets', 'main-AAAA.js.map'), '{}');
      writeFileSync(join(root, 'assets', 'notes.txt'), 'secret');
      writeFileSync(join(root, 'assets', 'nested', 'deep.js'), 'export {};');
      symlinkSync('/etc/hostname', join(root, 'assets', 'linked.css'));
      const build = readWebBuild(root);
      expect([...(build?.assets.keys() ?? [])]).toEqual(['main-AAAA.js']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is undefined when the app was not built', () => {
    expect(readWebBuild(join(tmpdir(), 'rampart-no-such-web-build'))).toBeUndefined();
  });
});
