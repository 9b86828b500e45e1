// The platform API client. The access token lives in this closure only (memory: never
// localStorage, sessionStorage or a cookie a script can read); the refresh token is the
// HttpOnly `__Host-refresh` cookie the browser sends to /auth/refresh by itself. A 401 on an
// API call triggers one cookie refresh (shared by concurrent calls) and one retry.
import { apiErrorOf } from './api-error.js';

/** The header every cookie-authenticated call carries: a cross-site page cannot set it without
 * a CORS preflight, which the platform refuses (docs/identity.md). */
export const CSRF_HEADER = 'Rampart-CSRF';
export const CSRF_VALUE = '1';

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** '' (the default) for the page's own origin. */
  readonly baseUrl?: string;
  readonly fetch?: Fetch;
  /** Called when the session ended (refresh refused): the app shows the login page. */
  readonly onSignedOut?: () => void;
}

interface TokenAnswer {
  readonly accessToken: string;
}

export interface ApiClient {
  login(email: string, password: string, totp?: string): Promise<void>;
  /** Tries the refresh cookie; true when a session was resumed. */
  refresh(): Promise<boolean>;
  logout(): Promise<void>;
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Public calls (register): no token, no refresh. */
  publicRequest<T>(method: string, path: string, body?: unknown): Promise<T>;
  signedIn(): boolean;
  /** Forgets the access token (the server ended every session, e.g. after a password change). */
  forget(): void;
}

function isTokenAnswer(value: unknown): value is TokenAnswer {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).accessToken === 'string';
}

async function bodyOf(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const send: Fetch = options.fetch ?? ((input, init) => fetch(input, init));
  let accessToken: string | undefined;
  let refreshing: Promise<boolean> | undefined;

  async function call(method: string, path: string, body: unknown, extraHeaders: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return send(`${baseUrl}${path}`, init);
  }

  async function expectOk<T>(response: Response): Promise<T> {
    const body = await bodyOf(response);
    if (!response.ok) throw apiErrorOf(response.status, body);
    return body as T;
  }

  function bearer(): Record<string, string> {
    return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  }

  async function refreshOnce(): Promise<boolean> {
    const response = await call('POST', '/auth/refresh', undefined, { [CSRF_HEADER]: CSRF_VALUE });
    const body = await bodyOf(response);
    if (response.ok && isTokenAnswer(body)) {
      accessToken = body.accessToken;
      return true;
    }
    accessToken = undefined;
    return false;
  }

  const client: ApiClient = {
    async login(email, password, totp) {
      const body = await expectOk<unknown>(await call('POST', '/auth/login', { email, password, ...(totp ? { totp } : {}) }, {}));
      if (!isTokenAnswer(body)) throw apiErrorOf(502, undefined);
      accessToken = body.accessToken;
    },
    refresh() {
      // One refresh at a time: a rotated refresh token works once, a second use would revoke the family.
      refreshing ??= refreshOnce().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
    async logout() {
      try {
        const send = () => call('POST', '/auth/logout', undefined, { ...bearer(), [CSRF_HEADER]: CSRF_VALUE });
        let response = await send();
        // An expired access token: refresh first, or the refresh cookie would outlive the logout.
        if (response.status === 401 && (await client.refresh())) response = await send();
        if (!response.ok && response.status !== 401) await expectOk(response);
      } finally {
        accessToken = undefined;
      }
    },
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      let response = await call(method, path, body, bearer());
      if (response.status === 401) {
        if (await client.refresh()) response = await call(method, path, body, bearer());
        else options.onSignedOut?.();
      }
      return expectOk<T>(response);
    },
    async publicRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
      return expectOk<T>(await call(method, path, body, {}));
    },
    signedIn: () => accessToken !== undefined,
    forget() {
      accessToken = undefined;
    },
  };
  return client;
}
