// The web app without a mouse and through axe-core, in Chromium against the real `rampart serve`:
// the login works with Tab, typing and Enter alone, every form field has a label, and axe finds
// no serious or critical violation on the main pages.
//
// axe-core is injected only into a context created with `bypassCSP: true`, kept apart from the
// contexts whose CSP is checked: the app's policy (no inline script, Trusted Types) rightly
// refuses an injected script tag, and running axe inside a checked context would either be
// refused or pollute the violation count. Bypassing CSP changes no markup, labels or colours,
// which is all axe looks at.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchedContext } from '../../../../test-support/browser.js';
import { chromiumExecutable } from '../../../../test-support/executables.js';
import { startApp } from './test-support/app.js';
import type { RunningApp } from './test-support/app.js';
import { unexpectedProblems } from './test-support/problems.js';
import { openRoute, signIn, waitForView } from './test-support/ui.js';

const chromiumPath = chromiumExecutable();
const admin = { email: 'keyboard-admin@example.test', password: 'amber kettles hum in the attic', displayName: 'Kay Board' };

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

// A string, not a function: the test sources are type-checked without the DOM library.
const RUN_AXE = `axe.run(document).then((result) => ({
  passes: result.passes.length,
  violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
}))`;

const FORM_FIELDS = `(() => {
  const fields = [...document.querySelectorAll('input, select, textarea')].filter((field) => field.type !== 'hidden');
  const unlabelled = fields.filter((field) => field.labels.length === 0 && !field.getAttribute('aria-label'));
  return { count: fields.length, unlabelled: unlabelled.map((field) => field.id || field.name || field.outerHTML.slice(0, 80)) };
})()`;

describe.runIf(chromiumPath)('web app accessibility in Chromium', { timeout: 90_000 }, () => {
  let app: RunningApp;
  let browser: Browser;
  let axeSource: string;

  beforeAll(async () => {
    [app, browser, axeSource] = await Promise.all([
      startApp(),
      launchChromium(chromiumPath as string),
      readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
    ]);
    await app.addUser({ ...admin, role: 'admin' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  /** Presses Tab until the focused element matches `selector`; fails when the tab order never gets there. */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let presses = 1; presses <= 30; presses += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(`Boolean(document.activeElement && document.activeElement.matches(${JSON.stringify(selector)}))`)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it('logs in with the keyboard alone: Tab to the fields, type, Enter', async () => {
    const watched = await watchedContext(browser);
    const page = await watched.context.newPage();
    await openRoute(page, app.origin, 'login', 'login');
    await tabTo(page, '#login-email');
    await page.keyboard.type(admin.email);
    // The password field comes next in the tab order, right after the email.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('login-password');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    await waitForView(page, 'courses');
    await expect(page.locator('#session-user').textContent()).resolves.toBe(admin.displayName);
    // The course links are in the tab order too: Tab to the first one, Enter opens it.
    const firstCourse = await page.locator('a.course-link').first().getAttribute('href');
    await tabTo(page, 'a.course-link');
    await page.keyboard.press('Enter');
    await waitForView(page, 'course');
    expect(page.url()).toBe(`${app.origin}/${firstCourse}`);
    expect(unexpectedProblems(watched.problems())).toEqual([]);
    await watched.close();
  });

  it('every form field has a label and axe finds nothing serious or critical', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const pages: [route: string, view: string][] = [
      ['login', 'login'],
      ['register', 'register'],
    ];
    const signedIn: [route: string, view: string][] = [
      ['courses', 'courses'],
      ['profile', 'profile'],
      ['password', 'password'],
      ['mfa', 'mfa'],
      ['admin', 'admin'],
      ['enrollments', 'enrollments'],
    ];
    const findings: Record<string, { unlabelled: string[]; violations: AxeViolation[] }> = {};
    const checked: Record<string, { fields: number; axePasses: number }> = {};
    const audit = async (route: string, view: string) => {
      await openRoute(page, app.origin, route, view);
      await page.addScriptTag({ content: axeSource });
      const axe = (await page.evaluate(RUN_AXE)) as { passes: number; violations: AxeViolation[] };
      const fields = (await page.evaluate(FORM_FIELDS)) as { count: number; unlabelled: string[] };
      checked[view] = { fields: fields.count, axePasses: axe.passes };
      findings[view] = {
        unlabelled: fields.unlabelled,
        violations: axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'),
      };
    };
    for (const [route, view] of pages) await audit(route, view);
    await signIn(page, app.origin, admin);
    for (const [route, view] of signedIn) await audit(route, view);
    // The checks did run on real pages: axe passed rules on each, the forms had fields to check.
    expect(Object.values(checked).every((page) => page.axePasses > 0)).toBe(true);
    expect(checked.login?.fields).toBeGreaterThanOrEqual(3);
    expect(checked.admin?.fields).toBeGreaterThanOrEqual(5);
    const clean = Object.fromEntries(Object.keys(findings).map((view) => [view, { unlabelled: [], violations: [] }]));
    expect(findings).toEqual(clean);
    await context.close();
  });
});
