// Attacks as a real browser carries them out, against the real `rampart serve`: a page of another
// site opened in the signed-in victim's own profile cannot read API answers with the victim's
// credentials, cannot spend or end the victim's session through the refresh cookie, and cannot
// frame the app; the app's own script never sees the refresh token in document.cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium, watchedContext } from '../../../../test-support/browser.js';
import type { WatchedContext } from '../../../../test-support/browser.js';
import { chromiumExecutable } from '../../../../test-support/services.js';
import { startApp } from './test-support/app.js';
import type { RunningApp } from './test-support/app.js';
import { startAttackerSite } from './test-support/attacker.js';
import type { AttackerSite } from './test-support/attacker.js';
import { signIn, waitForView } from './test-support/ui.js';

const chromiumPath = chromiumExecutable();
const REFRESH_COOKIE = '__Host-refresh';
const victim = { email: 'victim@example.test', password: 'quiet meadow under seven lanterns', displayName: 'Victim Person' };

describe.runIf(chromiumPath)('attacks seen by the browser', { timeout: 60_000 }, () => {
  let app: RunningApp;
  let attacker: AttackerSite;
  let browser: Browser;
  let watched: WatchedContext;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium(chromiumPath as string)]);
    attacker = await startAttackerSite(app.origin);
    await app.addUser({ ...victim, role: 'paid-individual' });
    watched = await watchedContext(browser);
    page = await watched.context.newPage();
    await signIn(page, app.origin, victim);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await attacker?.close();
    await app?.stop();
  }, 60_000);

  /** The app's requests made while `page` shows the attacker's `path`, with the headers sent. */
  async function visitAttacker(path: string): Promise<{ results: Record<string, string>; sent: { url: string; cookie: string | undefined }[] }> {
    const requests: Request[] = [];
    const record = (request: Request) => {
      if (request.url().startsWith(app.origin)) requests.push(request);
    };
    page.on('request', record);
    try {
      await page.goto(`${attacker.origin}${path}`);
      await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('done');
      const results = (await page.evaluate('window.attackResults ?? {}')) as Record<string, string>;
      const sent = await Promise.all(requests.map(async (request) => ({ url: request.url(), cookie: (await request.allHeaders()).cookie })));
      return { results, sent };
    } finally {
      page.off('request', record);
    }
  }

  /** Back on the app, a reload signs in again only while the victim's refresh cookie still works. */
  async function victimStillSignedIn(): Promise<void> {
    const refresh = page.waitForRequest((request) => request.url() === `${app.origin}/auth/refresh`);
    await page.goto(`${app.origin}/`);
    await waitForView(page, 'courses');
    await expect(page.locator('#session-user').textContent()).resolves.toBe(victim.displayName);
    // The app's own refresh did carry the cookie: the header checks above can see one.
    expect((await (await refresh).allHeaders()).cookie).toContain(REFRESH_COOKIE);
  }

  it('the refresh cookie exists but document.cookie never shows it', async () => {
    const cookies = await watched.context.cookies(app.origin);
    const refresh = cookies.find((cookie) => cookie.name === REFRESH_COOKIE);
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    const visible = (await page.evaluate('document.cookie')) as string;
    expect(visible).not.toContain(REFRESH_COOKIE);
    expect(visible).not.toContain(refresh?.value);
  });

  it('a page of another site cannot read API answers with the victim credentials', async () => {
    const { results, sent } = await visitAttacker('/read');
    expect(results).toEqual({ me: 'failed TypeError', courses: 'failed TypeError', refresh: 'failed TypeError' });
    // The requests did leave the browser (so the check above is CORS at work, not a dead server),
    // and the SameSite=Strict cookie stayed home.
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual(expect.arrayContaining(['/api/me', '/auth/refresh']));
    expect(sent.filter((request) => request.cookie?.includes(REFRESH_COOKIE))).toEqual([]);
    expect(watched.problems().filter((problem) => /blocked by CORS policy/.test(problem.text)).length).toBeGreaterThanOrEqual(3);
    await victimStillSignedIn();
  });

  it('forged cross-site POSTs to refresh and logout carry no cookie and leave the session alone', async () => {
    watched.clear();
    const { results, sent } = await visitAttacker('/forge');
    // The requests went out; even their opaque answers are withheld (Cross-Origin-Resource-Policy).
    expect(results).toEqual({ refresh: 'failed TypeError', logout: 'failed TypeError' });
    const withheld = watched.problems().filter((problem) => problem.text.includes('ERR_BLOCKED_BY_RESPONSE.NotSameOrigin'));
    expect(withheld.map((problem) => new URL(problem.url).pathname).sort()).toEqual(['/auth/logout', '/auth/refresh']);
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual(['/auth/refresh', '/auth/logout']);
    expect(sent.filter((request) => request.cookie !== undefined)).toEqual([]);
    await victimStillSignedIn();
  });

  it('a page of another site cannot frame the app', async () => {
    watched.clear();
    await visitAttacker('/frame');
    const appFrames = page.frames().filter((frame) => frame !== page.mainFrame());
    expect(appFrames).toHaveLength(2);
    for (const frame of appFrames) {
      // The test has access to every frame: an app that rendered would show its view here.
      expect(await frame.locator('#view, form, input').count()).toBe(0);
      expect(frame.url()).not.toContain(app.origin.replace('http://', ''));
    }
    const refusals = watched.cspViolations().filter((problem) => /frame-ancestors 'none'/.test(problem.text));
    expect(refusals).toHaveLength(2);
  });
});
