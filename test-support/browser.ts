// Chromium for the browser tests: the machine's own binary (test-support/services.ts finds it)
// driven by playwright-core, which downloads no browser. Every page of a watched context is
// checked for Content Security Policy violations, console errors and uncaught exceptions.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** Headless, no GPU, no QUIC, and none of the first-run, background, component-update or sync
 * traffic a fresh profile would otherwise start. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser per test file. `launch()` starts it with a fresh `--user-data-dir` (a new
 * temporary directory that close() removes); every context in it is a separate profile. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    // Playwright turns the back/forward cache off by default; a user's Chromium has it on, and
    // what Back shows after a logout depends on it.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    timeout: 60_000,
  });
}

export interface PageProblem {
  /** `csp-violation` comes from the `securitypolicyviolation` event (source `event`) or from
   * Chromium's own console report of it (source `console`); each violation shows up in both. */
  readonly kind: 'csp-violation' | 'console-error' | 'page-error';
  readonly source: 'event' | 'console' | 'exception';
  readonly url: string;
  readonly text: string;
}

export interface WatchedContext {
  readonly context: BrowserContext;
  /** Everything seen so far, in order, across all pages and frames of the context. */
  problems(): readonly PageProblem[];
  cspViolations(): readonly PageProblem[];
  clear(): void;
  close(): Promise<void>;
}

const CSP_BINDING = '__rampartCspViolation';

// An init script runs in every frame before the page's own scripts, and Chromium runs it
// whatever the page's CSP says: the listener cannot itself be blocked, and it only listens
// (no DOM sink, so Trusted Types have nothing to object to).
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (event) => {
  window.${CSP_BINDING}({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    disposition: event.disposition,
    sample: event.sample,
    source: event.sourceFile,
    line: event.lineNumber,
  });
}, true);`;

// How Chromium words the console report of a blocked action (script, style, frame, connect,
// Trusted Types sinks).
const CSP_CONSOLE_TEXT = /Content Security Policy|Trusted ?Type/i;

function describeViolation(report: unknown): string {
  if (typeof report !== 'object' || report === null) return String(report);
  const { directive, blocked, disposition, sample, source, line } = report as Record<string, unknown>;
  return `${String(disposition)} ${String(directive)} blocked ${String(blocked) || '(inline)'}${sample ? ` "${String(sample)}"` : ''} at ${String(source)}:${String(line)}`;
}

/** A new context of `browser` whose pages report their problems to the returned collector. */
export async function watchedContext(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedContext> {
  const context = await browser.newContext(options);
  const seen: PageProblem[] = [];
  await context.exposeBinding(CSP_BINDING, ({ frame }, report: unknown) => {
    seen.push({ kind: 'csp-violation', source: 'event', url: frame.url(), text: describeViolation(report) });
  });
  await context.addInitScript({ content: CSP_LISTENER });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const kind = CSP_CONSOLE_TEXT.test(message.text()) ? 'csp-violation' : 'console-error';
      seen.push({ kind, source: 'console', url: message.location().url || page.url(), text: message.text() });
    });
    page.on('pageerror', (error) => seen.push({ kind: 'page-error', source: 'exception', url: page.url(), text: error.message }));
  };
  context.on('page', watch);
  return {
    context,
    problems: () => [...seen],
    cspViolations: () => seen.filter((problem) => problem.kind === 'csp-violation'),
    clear: () => {
      seen.length = 0;
    },
    close: () => context.close(),
  };
}

/** test-results/screenshots/ at the repository root (git-ignored: test artifacts). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

/** Writes a full-page screenshot of `page` as test-results/screenshots/<name>.png; returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
