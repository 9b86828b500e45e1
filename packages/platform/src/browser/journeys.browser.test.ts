// The whole journey of each role through the web app in Chromium, against the real
// `rampart serve` (development mode, so its seeded courses are listed): an admin publishes,
// imports and retires courses (one titled with markup that must stay text), a free user
// registers and is refused what needs payment, a paid user enrolls, finds the invoice and
// turns MFA on.
// Every page visited must be free of CSP violations, uncaught errors and console errors; a
// screenshot of each main page is written to test-results/screenshots/. The tests share one
// server and run in order: the free user meets the course the admin created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, watchedContext } from '../../../../test-support/browser.js';
import type { WatchedContext } from '../../../../test-support/browser.js';
import { chromiumExecutable } from '../../../../test-support/executables.js';
import { startApp } from './test-support/app.js';
import type { RunningApp } from './test-support/app.js';
import { unexpectedProblems } from './test-support/problems.js';
import { openRoute, signIn, signOut, waitForView } from './test-support/ui.js';

const chromiumPath = chromiumExecutable();
const XSS_TITLE = '<img src=x onerror=alert(1)>';
const admin = { email: 'admin@example.test', password: 'granite orchard beneath nine kites', displayName: 'Ada Admin' };
const paid = { email: 'paid@example.test', password: 'copper lantern over the quiet bay', displayName: 'Pat Paid' };
const free = { email: 'free@example.test', password: 'seven violet herons cross the marsh', displayName: 'Fran Free' };

describe.runIf(chromiumPath)('web app journeys in Chromium', { timeout: 90_000 }, () => {
  let app: RunningApp;
  let browser: Browser;
  /** Every `data-page` the journeys reached, to show that the zero-problem check covered them. */
  const viewsSeen = new Set<string>();
  /** Requests for the image of the hostile course title (there must be none). */
  const hostileImageRequests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium(chromiumPath as string)]);
    await Promise.all([app.addUser({ ...admin, role: 'admin' }), app.addUser({ ...paid, role: 'paid-individual' })]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 60_000);

  /** A fresh profile for one person, its page watched for problems, dialogs and the hostile image. */
  async function person(): Promise<{ watched: WatchedContext; page: Page }> {
    const watched = await watchedContext(browser, { viewport: { width: 1000, height: 420 } });
    const page = await watched.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/x') hostileImageRequests.push(request.url());
    });
    return { watched, page };
  }

  async function view(page: Page, name: string): Promise<void> {
    await waitForView(page, name);
    viewsSeen.add(name);
  }

  async function go(page: Page, route: string, name: string): Promise<void> {
    await openRoute(page, app.origin, route, name);
    viewsSeen.add(name);
  }

  async function notice(page: Page): Promise<string> {
    await page.locator('#notice').filter({ hasText: /\S/ }).waitFor();
    return (await page.locator('#notice').textContent()) ?? '';
  }

  it('admin: creates a course with a hostile title that renders as text, imports, retires', async () => {
    const { watched, page } = await person();
    await signIn(page, app.origin, admin);
    viewsSeen.add('login').add('courses');
    await expect(page.locator('#session-user').textContent()).resolves.toBe(admin.displayName);
    await expect(page.locator('nav#nav').getByRole('link', { name: 'Admin' }).count()).resolves.toBe(1);
    await saveScreenshot(page, 'courses');

    await go(page, 'admin', 'admin');
    await saveScreenshot(page, 'admin');
    await page.getByLabel('Title').fill(XSS_TITLE);
    await page.getByLabel('Description').fill('Markup in a title is data, never code.');
    await page.getByLabel('Price (cents)').fill('1900');
    await page.getByLabel('Currency').fill('EUR');
    await page.getByRole('button', { name: 'Create course' }).click();
    await view(page, 'course');
    expect(await notice(page)).toBe('Course created.');
    await expect(page.locator('#course-title').textContent()).resolves.toBe(XSS_TITLE);
    await expect(page.locator('#view img').count()).resolves.toBe(0);
    await saveScreenshot(page, 'course');

    await go(page, 'courses', 'courses');
    const hostileLink = page.locator('a.course-link', { hasText: XSS_TITLE });
    await expect(hostileLink.count()).resolves.toBe(1);
    await expect(page.locator('#course-list img').count()).resolves.toBe(0);

    await go(page, 'admin', 'admin');
    const imported = { courses: [{ title: 'Imported: secure headers', description: 'From the import form.', priceCents: 0 }] };
    await page.getByLabel('Courses JSON').fill(JSON.stringify(imported));
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await notice(page)).toBe('Imported 1 courses.');

    await go(page, 'courses', 'courses');
    await page.locator('a.course-link', { hasText: 'Imported: secure headers' }).click();
    await view(page, 'course');
    await page.getByRole('button', { name: 'Retire course' }).click();
    await view(page, 'courses');
    expect(await notice(page)).toBe('Course retired.');
    await expect(page.locator('a.course-link', { hasText: 'Imported: secure headers' }).count()).resolves.toBe(0);

    await signOut(page);
    expect(unexpectedProblems(watched.problems())).toEqual([]);
    await watched.close();
  });

  it('free user: registers, edits the profile, is refused enrolment, logs out for good', async () => {
    const { watched, page } = await person();
    await go(page, 'register', 'register');
    await saveScreenshot(page, 'register');
    await page.getByLabel('Email').fill(free.email);
    await page.getByLabel('Display name').fill(free.displayName);
    await page.getByLabel('Password').fill(free.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await view(page, 'login');
    expect(await notice(page)).toBe('Account created. Log in.');
    await saveScreenshot(page, 'login');

    await signIn(page, app.origin, free);
    await expect(page.locator('nav#nav').getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
    // The hostile course is listed to everyone, as text.
    await page.locator('a.course-link', { hasText: XSS_TITLE }).click();
    await view(page, 'course');
    await expect(page.locator('#course-title').textContent()).resolves.toBe(XSS_TITLE);
    await page.getByRole('button', { name: 'Enroll' }).click();
    await page.locator('#error').waitFor({ state: 'visible' });
    await expect(page.locator('#error-code').textContent()).resolves.toMatch(/\S/);
    await expect(page.locator('#notice').textContent()).resolves.not.toBe('Enrolled.');

    await go(page, 'profile', 'profile');
    await expect(page.locator('#profile-email').textContent()).resolves.toBe(free.email);
    await expect(page.locator('#profile-role').textContent()).resolves.toBe('free-user');
    await page.getByLabel('Display name').fill('Fran Renamed');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await notice(page)).toBe('Profile saved.');
    await expect(page.locator('#session-user').textContent()).resolves.toBe('Fran Renamed');
    await saveScreenshot(page, 'profile');
    await go(page, 'password', 'password');
    await go(page, 'mfa', 'mfa');
    await go(page, 'no-such-page', 'not-found');

    // After logout, Back must show nothing private: neither the app's earlier hash entries nor
    // an earlier document of the app, which the back/forward cache could restore as it was
    // (signed in, the profile on screen). So the profile is left signed in for another
    // document, and the logout happens in a later one.
    await go(page, 'profile', 'profile');
    await page.goto(`${app.origin}/health`);
    await page.goto(`${app.origin}/#/profile`);
    await view(page, 'profile');
    await expect(page.locator('#profile-email').textContent()).resolves.toBe(free.email);
    await signOut(page);
    const walkedBack: string[] = [];
    for (let step = 0; step < 6; step += 1) {
      await page.goBack({ waitUntil: 'commit' });
      const url = new URL(page.url());
      walkedBack.push(`${url.pathname}${url.hash}`);
      // Whatever the app decides to show for the old entry, it has rendered it.
      if (url.pathname === '/') await page.locator('#view[data-page]').waitFor({ state: 'attached' });
      else await page.waitForLoadState('load');
      const text = (await page.locator('body').innerText()).toLowerCase();
      expect(text, `after Back to ${url.href}`).not.toContain(free.email);
      expect(text, `after Back to ${url.href}`).not.toContain('fran renamed');
      if (url.pathname === '/') await expect(page.locator('#session-user').textContent()).resolves.toBe('');
    }
    // The walk did reach the document that was left signed in, through the JSON page.
    expect(walkedBack).toEqual(expect.arrayContaining(['/health', '/#/profile']));
    expect(walkedBack.indexOf('/health')).toBeLessThan(walkedBack.lastIndexOf('/#/profile'));
    // A reload does not bring the session back either: the refresh cookie is gone.
    await page.reload();
    await view(page, 'login');
    expect((await watched.context.cookies(app.origin)).map((cookie) => cookie.name)).not.toContain('__Host-refresh');

    expect(unexpectedProblems(watched.problems())).toEqual([]);
    await watched.close();
  });

  it('paid user: enrolls in a paid course, finds enrollment and invoice, turns MFA on', async () => {
    const { watched, page } = await person();
    await signIn(page, app.origin, paid);
    await page.locator('a.course-link', { hasText: 'Authentication done right' }).click();
    await view(page, 'course');
    await page.getByRole('button', { name: 'Enroll' }).click();
    expect(await notice(page)).toBe('Enrolled.');

    await go(page, 'enrollments', 'enrollments');
    await expect(page.locator('li.enrollment', { hasText: 'Authentication done right' }).count()).resolves.toBe(1);
    await saveScreenshot(page, 'enrollments');
    await go(page, 'invoices', 'invoices');
    await expect(page.locator('li.invoice', { hasText: 'Authentication done right' }).count()).resolves.toBe(1);
    await saveScreenshot(page, 'invoices');
    await go(page, 'certificates', 'certificates');
    await expect(page.locator('#certificates-empty').count()).resolves.toBe(1);

    // MFA: the QR code and the secret, activation with a code of the authenticator, then the
    // next login needs a code.
    await go(page, 'mfa', 'mfa');
    await page.getByLabel('Current password').fill(paid.password);
    await page.getByRole('button', { name: 'Start enrolment' }).click();
    await page.locator('#mfa-qr').waitFor();
    await saveScreenshot(page, 'mfa-enrolment');
    const secret = ((await page.locator('#mfa-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Code from your authenticator').fill(await generate({ secret, epoch: Date.now() / 1000 }));
    await page.getByRole('button', { name: 'Activate' }).click();
    expect(await notice(page)).toBe('MFA is on.');
    await expect(page.locator('#mfa-recovery-codes li').count()).resolves.toBeGreaterThan(0);
    await saveScreenshot(page, 'mfa');
    await signOut(page);
    // The next time step's code: within the tolerance, and later than the one just used.
    await signIn(page, app.origin, { ...paid, totp: await generate({ secret, epoch: Date.now() / 1000 + 30 }) });
    await go(page, 'certificates', 'certificates');

    // A reload keeps the session (the app refreshes through the cookie), then logout ends it.
    await page.reload();
    await view(page, 'certificates');
    await expect(page.locator('#session-user').textContent()).resolves.toBe(paid.displayName);
    await signOut(page);
    expect(unexpectedProblems(watched.problems())).toEqual([]);
    await watched.close();
  });

  it('no page ran the hostile title, and every page of the app was checked', () => {
    expect(dialogs).toEqual([]);
    expect(hostileImageRequests).toEqual([]);
    expect([...viewsSeen].sort()).toEqual(
      ['admin', 'certificates', 'course', 'courses', 'enrollments', 'invoices', 'login', 'mfa', 'not-found', 'password', 'profile', 'register'].sort(),
    );
  });
});
