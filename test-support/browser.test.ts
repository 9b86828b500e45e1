// The browser harness runs Chromium as it claims to (flags, a temporary profile) and catches
// what it claims to: pages of a local server that do violate their
// Content Security Policy (inline script, Trusted Types sink) or throw are reported; a page
// that keeps to its policy reports nothing. Without this, "zero violations" proves nothing.
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHROMIUM_FLAGS, launchChromium, watchedContext } from './browser.js';
import type { WatchedContext } from './browser.js';
import { startServer } from './http-server.js';
import type { TestServer } from './http-server.js';
import { chromiumExecutable } from './executables.js';

const chromiumPath = chromiumExecutable();

function send(response: ServerResponse, type: string, body: string, csp?: string): void {
  response.setHeader('content-type', `${type}; charset=utf-8`);
  if (csp) response.setHeader('content-security-policy', csp);
  response.end(body);
}

const PAGES: Record<string, (response: ServerResponse) => void> = {
  '/inline-script': (r) => send(r, 'text/html', '<title>untouched</title><script>document.title = "ran"</script>', "default-src 'self'"),
  '/trusted-types': (r) =>
    send(r, 'text/html', '<title>tt</title><div id="target"></div><script src="/sink.js"></script>', "default-src 'self'; require-trusted-types-for 'script'"),
  '/sink.js': (r) => send(r, 'text/javascript', 'document.getElementById("target").innerHTML = "<b>raw string</b>";'),
  '/throws': (r) => send(r, 'text/html', '<title>throws</title><script src="/throw.js"></script>', "default-src 'self'"),
  '/throw.js': (r) => send(r, 'text/javascript', 'throw new Error("thrown by the page");'),
  '/clean': (r) => send(r, 'text/html', '<title>clean</title><p>nothing to object to</p><script src="/fine.js"></script>', "default-src 'self'; require-trusted-types-for 'script'"),
  '/fine.js': (r) => send(r, 'text/javascript', 'document.querySelector("p").textContent = "script from self ran";'),
};

describe.runIf(chromiumPath)('browser harness', () => {
  let server: TestServer;
  let browser: Browser;
  let watched: WatchedContext;

  beforeAll(async () => {
    server = await startServer((request, response) => {
      const page = PAGES[request.url ?? ''];
      if (page) page(response);
      else response.writeHead(404).end();
    });
    browser = await launchChromium(chromiumPath as string);
    watched = await watchedContext(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function visit(path: string) {
    watched.clear();
    const page = await watched.context.newPage();
    await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    // Reports travel back over the protocol after the page has loaded: let them arrive.
    await page.waitForTimeout(200);
    return page;
  }

  it('runs Chromium with the flags, a fresh profile in the temporary directory and the back/forward cache on', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('chrome://version');
    const commandLine = ((await page.locator('#command_line').textContent()) ?? '').split(/\s+/);
    expect(commandLine).toEqual(expect.arrayContaining([...CHROMIUM_FLAGS]));
    expect(commandLine).not.toContain('--disable-back-forward-cache');
    const profile = commandLine.filter((arg) => arg.startsWith('--user-data-dir='));
    expect(profile).toHaveLength(1);
    expect(profile[0]?.slice('--user-data-dir='.length).startsWith(tmpdir())).toBe(true);
    await context.close();
  });

  it('catches an inline script that the policy blocks, through the event and the console', async () => {
    const page = await visit('/inline-script');
    expect(await page.title()).toBe('untouched');
    const violations = watched.cspViolations();
    expect(violations.filter((v) => v.source === 'event')).toEqual([
      expect.objectContaining({ text: expect.stringMatching(/^enforce script-src-elem blocked inline/) }),
    ]);
    expect(violations.filter((v) => v.source === 'console')).toHaveLength(1);
    await page.close();
  });

  it('catches a string written to a Trusted Types sink', async () => {
    const page = await visit('/trusted-types');
    expect(await page.locator('#target').innerHTML()).toBe('');
    expect(watched.cspViolations().map((v) => v.text)).toContainEqual(expect.stringMatching(/require-trusted-types-for/));
    await page.close();
  });

  it('reports an uncaught exception as a page error', async () => {
    const page = await visit('/throws');
    expect(watched.problems()).toContainEqual(expect.objectContaining({ kind: 'page-error', text: 'thrown by the page' }));
    await page.close();
  });

  it('reports nothing for a page that keeps to its policy', async () => {
    const page = await visit('/clean');
    expect(await page.locator('p').textContent()).toBe('script from self ran');
    expect(watched.problems()).toEqual([]);
    await page.close();
  });
});
