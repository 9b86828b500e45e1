// The app shell: navigation, the error and notice elements, and the page for the current hash.
import { asApiError } from '../api-error.js';
import { createApiClient, type ApiClient } from '../api-client.js';
import { el, replace } from './dom.js';
import type { Page, PageContext } from './page-context.js';
import { adminPage } from './pages/admin.js';
import { mfaPage, passwordPage, profilePage } from './pages/account.js';
import { loginPage, registerPage } from './pages/auth.js';
import { coursePage, coursesPage } from './pages/courses.js';
import { certificatesPage, enrollmentsPage, invoicesPage } from './pages/records.js';
import { isPublic, parseRoute, type Route } from '../router.js';
import type { Profile } from '../types.js';

/** Every page without a parameter, by route name. */
const PAGES: Readonly<Record<Exclude<Route['page'], 'course' | 'not-found'>, Page>> = {
  login: loginPage,
  register: registerPage,
  courses: coursesPage,
  enrollments: enrollmentsPage,
  certificates: certificatesPage,
  invoices: invoicesPage,
  profile: profilePage,
  password: passwordPage,
  mfa: mfaPage,
  admin: adminPage,
};

function pageFor(route: Route, context: PageContext): Promise<Node> | Node {
  if (route.page === 'course') return coursePage(context, route.id);
  if (route.page === 'not-found') return el('section', {}, el('h2', {}, 'Not found'), el('p', {}, el('a', { href: '#/' }, 'Back to the start')));
  return PAGES[route.page](context);
}

/** Starts the app in `root`; `api` defaults to a client of the page's own origin. */
export async function startApp(root: HTMLElement, client?: ApiClient): Promise<void> {
  // A refresh refused mid-session (expired, revoked): back to the login page.
  const api = client ?? createApiClient({ onSignedOut: () => context.signedOut('Your session ended. Log in again.') });
  let me: Profile | undefined;
  let pendingNotice: string | undefined;
  let renderCount = 0;

  const nav = el('nav', { id: 'nav' });
  const sessionUser = el('span', { id: 'session-user' });
  const errorMessage = el('span', { id: 'error-message' });
  const errorCode = el('span', { id: 'error-code' });
  const errorReference = el('span', { id: 'error-reference' });
  const errorBox = el('div', { id: 'error', role: 'alert', class: 'error', hidden: true }, errorMessage, ' ', el('span', { class: 'meta' }, '(', errorCode, ') Reference: ', errorReference));
  const noticeBox = el('div', { id: 'notice', role: 'status', class: 'notice' });
  const view = el('main', { id: 'view' });
  root.replaceChildren(el('header', {}, el('h1', {}, 'Rampart courses'), nav, sessionUser), errorBox, noticeBox, view);

  function clearMessages(): void {
    errorBox.hidden = true;
    replace(errorMessage);
    replace(errorCode);
    replace(errorReference);
    replace(noticeBox);
  }

  const context: PageContext = {
    api,
    me: () => me,
    async reloadMe() {
      me = api.signedIn() ? await api.request<Profile>('GET', '/api/me') : undefined;
      renderNav();
    },
    go(hash, notice) {
      pendingNotice = notice;
      if (location.hash === hash) void render();
      else location.hash = hash;
    },
    signedOut(notice) {
      me = undefined;
      renderNav();
      context.go('#/login', notice);
    },
    showError(error) {
      const problem = asApiError(error);
      replace(errorMessage, problem.message);
      replace(errorCode, problem.code);
      replace(errorReference, problem.reference ?? '');
      errorBox.hidden = false;
    },
    notice(text) {
      replace(noticeBox, text);
    },
  };

  function link(hash: string, text: string): HTMLAnchorElement {
    return el('a', { href: hash }, text);
  }

  function renderNav(): void {
    replace(sessionUser, me?.displayName ?? '');
    if (!api.signedIn()) {
      replace(nav, link('#/login', 'Log in'), link('#/register', 'Register'));
      return;
    }
    const logout = el('button', { id: 'logout-button', type: 'button' }, 'Log out');
    logout.addEventListener('click', () => {
      api
        .logout()
        .catch(() => undefined)
        .finally(() => context.signedOut('Logged out.'));
    });
    replace(
      nav,
      link('#/courses', 'Courses'),
      link('#/enrollments', 'My enrollments'),
      link('#/certificates', 'Certificates'),
      link('#/invoices', 'Invoices'),
      link('#/profile', 'Profile'),
      link('#/password', 'Password'),
      link('#/mfa', 'MFA'),
      me?.role === 'admin' ? link('#/admin', 'Admin') : null,
      logout,
    );
  }

  async function render(): Promise<void> {
    const current = ++renderCount;
    clearMessages();
    let route = parseRoute(location.hash);
    if (!isPublic(route) && !api.signedIn()) route = { page: 'login' };
    view.removeAttribute('data-page');
    let page: Node;
    try {
      page = await pageFor(route, context);
    } catch (error) {
      page = el('section', {}, el('h2', {}, 'Something went wrong'));
      if (current === renderCount) context.showError(error);
    }
    // A newer navigation finished first: drop this page.
    if (current !== renderCount) return;
    replace(view, page);
    view.setAttribute('data-page', route.page);
    if (pendingNotice) context.notice(pendingNotice);
    pendingNotice = undefined;
  }

  window.addEventListener('hashchange', () => void render());
  // A reload loses the in-memory access token: the refresh cookie resumes the session.
  if (await api.refresh().catch(() => false)) await context.reloadMe().catch(() => undefined);
  renderNav();
  await render();
}
