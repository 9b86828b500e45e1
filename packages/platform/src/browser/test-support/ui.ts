// Steps through the web app as packages/web/SELECTORS.md describes it: hash routes, one
// `#view[data-page=NAME]` per page, real labels.
import type { Page } from 'playwright-core';

/** Resolves once the app shows page `name` (it sets data-page after any session check). */
export async function waitForView(page: Page, name: string): Promise<void> {
  await page.locator(`#view[data-page="${name}"]`).waitFor({ state: 'attached', timeout: 30_000 });
}

export async function openRoute(page: Page, origin: string, route: string, expectedView: string): Promise<void> {
  await page.goto(`${origin}/#/${route}`);
  await waitForView(page, expectedView);
}

/** Logs in through the login form (mouse clicks; the keyboard-only path is tested on its own). */
export async function signIn(page: Page, origin: string, credentials: { email: string; password: string; totp?: string }): Promise<void> {
  await openRoute(page, origin, 'login', 'login');
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password', { exact: true }).fill(credentials.password);
  if (credentials.totp) await page.getByLabel('One-time code (only with MFA)').fill(credentials.totp);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitForView(page, 'courses');
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('#logout-button').click();
  await waitForView(page, 'login');
}
