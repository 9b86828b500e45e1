// Attacks as a real browser carries them out, against the real `rampart serve`: a page of another
// site opened in the signed-in victim's own profile cannot read API answers with the victim's
// credentials, cannot spend or end the victim's session through the refresh cookie, and cannot
// frame the app; a page of the same site on another port, which the SameSite cookie does not
// keep out, is stopped by the platform's own cross-site check (docs/identity.md); the app's own
// script never sees the refresh token in document.cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium, watchedContext } from '../../../../test-support/browser.js';
import type { WatchedContext } from '../../../../test-support/browser.js';
import { chromiumExecutable } from '../../../../test-support/executables.js';
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
  let crossSite: AttackerSite;
  let sameSite: AttackerSite;
  let browser: Browser;
  let watched: WatchedContext;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium(chromiumPath as string)]);
    [crossSite, sameSite] = await Promise.all([startAttackerSite(app.origin, 'localhost'), startAttackerSite(app.origin, '127.0.0.1')]);
    await app.addUser({ ...victim, role: 'paid-individual' });
    watched = await watchedContext(browser);
    page = await watched.context.newPage();
    await signIn(page, app.origin, victim);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await crossSite?.close();
    await sameSite?.close();
    await app?.stop();
  }, 60_000);

  /** What the attacker's `path` saw, and the paths of the app it sent requests to. */
  async function visitAttacker(attacker: AttackerSite, path: string): Promise<{ results: Record<string, string>; sentTo: string[] }> {
    const sentTo: string[] = [];
    const record = (request: Request) => {
      if (request.url().startsWith(app.origin)) sentTo.push(new URL(request.url()).pathname);
    };
    page.on('request', record);
    try {
      await page.goto(`${attacker.origin}${path}`);
      await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('done');
      return { results: (await page.evaluate('window.attackResults ?? {}')) as Record<string, string>, sentTo };
    } finally {
      page.off('request', record);
    }
  }

  /** The server's own account: it logs each cookie-carrying refresh or logout that its
   * cross-site check refused, so a new line proves that the cookie arrived (and was refused). */
  const cookieRefusals = () => [...app.server.output().matchAll(/"crossSite":"([a-z_]+)"[^\n]*"msg":"cookie request refused"/g)].map((match) => match[1]);

  const refreshCookieValue = async () => (await watched.context.cookies(app.origin)).find((cookie) => cookie.name === REFRESH_COOKIE)?.value;

  /** Back on the app, a reload signs in again only while the victim's refresh cookie still works. */
  async function victimStillSignedIn(): Promise<void> {
    await page.goto(`${app.origin}/`);
    await waitForView(page, 'courses');
    await expect(page.locator('#session-user').textContent()).resolves.toBe(victim.displayName);
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
    watched.clear();
    const refusedBefore = cookieRefusals().length;
    const { results, sentTo } = await visitAttacker(crossSite, '/read');
    expect(results).toEqual({ me: 'failed TypeError', courses: 'failed TypeError', refresh: 'failed TypeError' });
    // The requests did leave the browser (so this is CORS at work, not a dead server)...
    expect(sentTo).toEqual(expect.arrayContaining(['/api/me', '/api/courses', '/auth/refresh']));
    expect(watched.problems().filter((problem) => /blocked by CORS policy/.test(problem.text))).toHaveLength(3);
    // ...and the SameSite=Strict cookie stayed home: the server saw no cookie refresh at all.
    expect(cookieRefusals().length).toBe(refusedBefore);
    await victimStillSignedIn();
  });

  it('forged cross-site POSTs to refresh and logout carry no cookie and leave the session alone', async () => {
    watched.clear();
    const [refusedBefore, cookieBefore] = [cookieRefusals().length, await refreshCookieValue()];
    const { results, sentTo } = await visitAttacker(crossSite, '/forge');
    expect(sentTo).toEqual(['/auth/refresh', '/auth/logout']);
    // Even the opaque answers are withheld from the page (Cross-Origin-Resource-Policy).
    expect(results).toEqual({ refresh: 'failed TypeError', logout: 'failed TypeError' });
    const withheld = watched.problems().filter((problem) => problem.text.includes('ERR_BLOCKED_BY_RESPONSE.NotSameOrigin'));
    expect(withheld.map((problem) => new URL(problem.url).pathname).sort()).toEqual(['/auth/logout', '/auth/refresh']);
    expect(cookieRefusals().length).toBe(refusedBefore);
    expect(await refreshCookieValue()).toBe(cookieBefore);
    await victimStillSignedIn();
  });

  it('a page of the same site on another port gets the cookie sent, and the platform refuses its forged POSTs', async () => {
    const [refusedBefore, cookieBefore] = [cookieRefusals().length, await refreshCookieValue()];
    const { sentTo } = await visitAttacker(sameSite, '/forge');
    expect(sentTo).toEqual(['/auth/refresh', '/auth/logout']);
    // SameSite=Strict does not cover a same-site origin: the cookie arrived, and the check
    // refused the refresh for want of the Rampart-CSRF header (logout without a bearer token
    // is refused before it looks at the cookie).
    await expect.poll(() => cookieRefusals().slice(refusedBefore), { timeout: 5_000 }).toEqual(['missing_csrf_header']);
    // The token was not spent: a rotation would have replaced the cookie.
    expect(await refreshCookieValue()).toBe(cookieBefore);
    await victimStillSignedIn();
  });

  it('the CSRF header makes a cross-origin call non-simple: the refused preflight sends nothing', async () => {
    watched.clear();
    const [refusedBefore, cookieBefore] = [cookieRefusals().length, await refreshCookieValue()];
    const { results } = await visitAttacker(sameSite, '/forge-with-header');
    expect(results).toEqual({ refresh: 'failed TypeError' });
    expect(watched.problems().map((problem) => problem.text)).toContainEqual(expect.stringMatching(/blocked by CORS policy: Response to preflight request/));
    expect(cookieRefusals().length).toBe(refusedBefore);
    expect(await refreshCookieValue()).toBe(cookieBefore);
    await victimStillSignedIn();
  });

  it('a page of another site cannot frame the app', async () => {
    watched.clear();
    await visitAttacker(crossSite, '/frame');
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
