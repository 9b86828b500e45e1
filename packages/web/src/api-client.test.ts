// The API client against the real platform server: the access token stays in the client's
// memory, a 401 is answered by one cookie refresh (with the Rampart-CSRF header the server
// demands) and a retry, concurrent 401s share that refresh, and a refused refresh signs out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../platform/src/access/test-support/server.js';
import { createApiClient, type Fetch } from './api-client.js';
import { ApiError } from './api-error.js';

const PASSWORD = 'correct horse battery staple web';
let server: TestServer;

beforeAll(async () => {
  // Many logins and refreshes from one address: an hour-long login class that never trips.
  server = await startTestServer('pglite', { RATE_LIMIT_LOGIN: '1000/hour' });
});

afterAll(async () => {
  await server?.close();
});

/** What a browser does for a page of `origin`: keep the cookie the server sets, send it back,
 * and name the page's origin on every request. */
function browserLikeFetch(origin: string): { fetch: Fetch; cookie(): string | undefined; sent: Headers[] } {
  let cookie: string | undefined;
  const sent: Headers[] = [];
  return {
    sent,
    cookie: () => cookie,
    fetch: async (input, init) => {
      const headers = new Headers(init.headers);
      headers.set('origin', origin);
      if (cookie) headers.set('cookie', cookie);
      sent.push(headers);
      const response = await fetch(input, { ...init, headers });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        if (pair?.startsWith('__Host-refresh=')) cookie = pair === '__Host-refresh=' ? undefined : pair;
      }
      return response;
    },
  };
}

let counter = 0;
async function registeredUser(): Promise<string> {
  counter += 1;
  const email = `web-client-${counter}-${Date.now()}@example.test`;
  const client = createApiClient({ baseUrl: server.baseUrl });
  await client.publicRequest('POST', '/auth/register', { email, password: PASSWORD, displayName: `Web ${counter}` });
  return email;
}

describe('the API client', () => {
  it('keeps the access token in memory, and a 401 triggers one cookie refresh and a retry', async () => {
    const email = await registeredUser();
    const browser = browserLikeFetch(server.baseUrl);
    const client = createApiClient({ baseUrl: server.baseUrl, fetch: browser.fetch });
    expect(client.signedIn()).toBe(false);
    await client.login(email, PASSWORD);
    expect(client.signedIn()).toBe(true);
    expect(browser.cookie()).toMatch(/^__Host-refresh=/);
    expect((await client.request<{ email: string }>('GET', '/api/me')).email).toBe(email);
    expect(browser.sent.at(-1)?.get('authorization')).toMatch(/^Bearer /);

    client.forget(); // as after a reload: the token is gone, the cookie is not
    const before = browser.sent.length;
    expect((await client.request<{ email: string }>('GET', '/api/me')).email).toBe(email);
    const calls = browser.sent.slice(before);
    expect(calls).toHaveLength(3); // 401, refresh, retry
    expect(calls[1]?.get('rampart-csrf')).toBe('1');
    expect(calls[2]?.get('authorization')).toMatch(/^Bearer /);
  });

  it('shares one refresh between concurrent 401s (a second use of a rotated token would end the session)', async () => {
    const email = await registeredUser();
    const browser = browserLikeFetch(server.baseUrl);
    const client = createApiClient({ baseUrl: server.baseUrl, fetch: browser.fetch });
    await client.login(email, PASSWORD);
    client.forget();
    const profiles = await Promise.all([1, 2, 3].map(() => client.request<{ email: string }>('GET', '/api/me')));
    expect(profiles.map((profile) => profile.email)).toEqual([email, email, email]);
    expect(browser.sent.filter((headers) => headers.get('rampart-csrf') === '1')).toHaveLength(1);
    // The session still works: the family was not revoked by a reused token.
    client.forget();
    expect(await client.refresh()).toBe(true);
  });

  it('after logout the cookie refreshes nothing: the caller is signed out with the 401 error', async () => {
    const email = await registeredUser();
    const browser = browserLikeFetch(server.baseUrl);
    let signedOut = 0;
    const client = createApiClient({ baseUrl: server.baseUrl, fetch: browser.fetch, onSignedOut: () => (signedOut += 1) });
    await client.login(email, PASSWORD);
    await client.logout();
    expect(client.signedIn()).toBe(false);
    const failure = await client.request('GET', '/api/me').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(signedOut).toBe(1);
    expect(await client.refresh()).toBe(false);
  });

  it('logs out for good even when the access token is gone: it refreshes first, so the cookie dies too', async () => {
    const email = await registeredUser();
    const browser = browserLikeFetch(server.baseUrl);
    const client = createApiClient({ baseUrl: server.baseUrl, fetch: browser.fetch });
    await client.login(email, PASSWORD);
    client.forget(); // as when the 15-minute access token expired
    await client.logout();
    expect(client.signedIn()).toBe(false);
    expect(browser.cookie()).toBeUndefined();
    expect(await client.refresh()).toBe(false);
  });

  it('gives an API error its code, message and reference id', async () => {
    const email = await registeredUser();
    const client = createApiClient({ baseUrl: server.baseUrl });
    const failure = await client.login(email, 'a wrong password for this user').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: 'invalid_credentials', message: 'invalid credentials' });
    const missing = await client.publicRequest('GET', '/no-such-route').catch((error: unknown) => error);
    expect((missing as ApiError).reference).toMatch(/^[0-9a-f-]{36}$/);
  });
});
