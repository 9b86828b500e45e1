// End to end, the account flow of shared/API.md against the real `rampart serve` process in
// production mode: register, login, access, refresh (rotation + reuse detection), logout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RampartServe as ServeProcess } from '../../../../test-support/rampart-cli.js';
import { rawRequest, type RawResponse } from '../../../../test-support/raw-request.js';

const HOST = 'api.example.test';
const dataDir = mkdtempSync(join(tmpdir(), 'rampart-e2e-flow-'));
let server: ServeProcess;

beforeAll(async () => {
  server = await startServe({
    RAMPART_ENV: 'production',
    ALLOWED_HOSTS: HOST,
    SECURITY_CONTACT: 'https://example.test/security',
    RAMPART_DATA_DIR: dataDir,
    // The flow makes ~10 calls of the login class (register, login, refresh); its 5/minute
    // default is exercised by serve.e2e and the identity tests.
    RATE_LIMIT_LOGIN: '100/minute',
    // The flow registers and reads refresh tokens from bodies: both opted into (docs/identity.md).
    REQUIRE_VERIFIED_EMAIL: 'false',
    REFRESH_TOKEN_IN_BODY: 'true',
    LOG_LEVEL: 'info',
  });
}, 240_000);

afterAll(async () => {
  if (server) expect(await server.stop('SIGTERM')).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

function call(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { host: HOST };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return rawRequest(server.port, {
    method,
    path,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
}

const json = (response: RawResponse) => JSON.parse(response.body) as Record<string, unknown>;

describe('account flow over the real process', { timeout: 120_000 }, () => {
  const email = 'flow-user@example.test';
  const password = 'correct horse battery staple 42';

  it('register, login, read the profile, refresh with rotation, detect reuse, logout', async () => {
    const registered = await call('POST', '/auth/register', { body: { email, password, displayName: 'Flow User' } });
    expect(registered.status).toBe(201);
    expect(json(registered)).toMatchObject({ email, displayName: 'Flow User' });
    expect(registered.body).not.toContain(password);

    const wrong = await call('POST', '/auth/login', { body: { email, password: `${password}!` } });
    const unknown = await call('POST', '/auth/login', { body: { email: 'nobody@example.test', password } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(json(wrong).error).toBe(json(unknown).error);

    const login = await call('POST', '/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    const tokens = json(login) as { accessToken: string; refreshToken: string; tokenType: string };
    expect(tokens.tokenType).toBe('Bearer');
    expect(String(login.headers['set-cookie'])).toMatch(/__Host-refresh=.*HttpOnly/i);

    const me = await call('GET', '/api/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(json(me)).toMatchObject({ email, displayName: 'Flow User' });
    expect(me.body).not.toMatch(/argon2|password|secret/i);
    expect(me.headers['cache-control']).toBe('no-store');

    const noToken = await call('GET', '/api/me');
    expect(noToken.status).toBe(401);
    expect(String(noToken.headers['www-authenticate'])).toMatch(/^Bearer/);

    const refreshed = await call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(refreshed.status).toBe(200);
    const second = json(refreshed) as { accessToken: string; refreshToken: string };
    expect(second.refreshToken).not.toBe(tokens.refreshToken);

    // Presenting the spent refresh token again revokes the whole family.
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: second.refreshToken } })).status).toBe(401);

    const again = json(await call('POST', '/auth/login', { body: { email, password } })) as { accessToken: string; refreshToken: string };
    expect((await call('POST', '/auth/logout', { token: again.accessToken })).status).toBe(204);
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: again.refreshToken } })).status).toBe(401);
  });

  it('publishes public signing keys only', async () => {
    const jwks = await call('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    const keys = (json(jwks).keys as Record<string, unknown>[]) ?? [];
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.d).toBeUndefined();
  });
});
