import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardError } from '../errors/index.js';
import type { BearerVerifier } from '../policy/types.js';
import { HOST, SECURITY_HEADER_NAMES, buildGuardedApp, principal, tableVerifier } from '../test-support/guard-core-app.js';
import { MAX_AUTHORIZATION_LENGTH, parseBearer, presentedBearerToken } from './parse-bearer.js';

const reader = principal('user-1', ['profile:read']);
const admin = principal('admin-1', ['profile:read', 'courses:delete'], ['admin']);
const verifier = tableVerifier({ 'reader.token': reader, 'admin.token': admin });
// Verifiers that misbehave: the layer must still answer 401 (or the verifier's own 5xx).
const throwing: BearerVerifier = {
  verify: () => {
    throw new TypeError('jwks fetch failed at https://idp.internal/keys with secret=abc');
  },
};
const unavailable: BearerVerifier = { verify: async () => Promise.reject(new GuardError('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE')) };
const wrongShape = { verify: async () => ({ sub: 'x' }) } as unknown as BearerVerifier;

const response200 = { response: { 200: { type: 'object', properties: { subject: { type: 'string' } } } } };

async function appWith(verify: BearerVerifier): Promise<FastifyInstance> {
  const built = await buildGuardedApp({ authenticate: verify, rateLimit: { classes: { public: { limit: 10_000 }, authenticated: { limit: 10_000 } } } }, (app) => {
    const me = async (request: { principal: { subject: string } | null }) => ({ subject: request.principal?.subject ?? 'none' });
    app.get('/public', { config: { access: 'public', rateLimit: 'public' }, schema: response200 }, me);
    app.get('/me', { config: { access: 'authenticated', rateLimit: 'authenticated' }, schema: response200 }, me);
    app.get('/profile', { config: { access: { scopes: ['profile:read'] }, rateLimit: 'authenticated' }, schema: response200 }, me);
    app.delete(
      '/courses/:id',
      { config: { access: { scopes: ['courses:delete'], roles: ['admin'] }, rateLimit: 'authenticated' }, schema: response200 },
      me,
    );
  });
  return built.app;
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await appWith(verifier);
});
afterAll(async () => app.close());

const get = (url: string, authorization?: string, method: 'GET' | 'DELETE' = 'GET', target = app) =>
  target.inject({ method, url, headers: { ...HOST, ...(authorization === undefined ? {} : { authorization }) } });

describe('parseBearer', () => {
  it('accepts exactly one Bearer token68 (scheme case-insensitive)', () => {
    expect(parseBearer('Bearer abc.DEF-_~+/=')).toBe('abc.DEF-_~+/=');
    expect(parseBearer('bearer abc')).toBe('abc');
    expect(parseBearer(undefined)).toBeUndefined();
  });

  it.each([
    ['Basic dXNlcjpwYXNz'],
    ['Bearer'],
    ['Bearer '],
    ['Bearer  abc'],
    [' Bearer abc'],
    ['Bearer abc '],
    ['Bearer abc def'],
    ['Bearer abc, Bearer def'],
    ['Bearer a"b'],
    ['Bearer =abc'],
    ['Bearer abc\tdef'],
    ['Bearer ' + 'a'.repeat(MAX_AUTHORIZATION_LENGTH)],
  ])('refuses %j', (header) => {
    expect(parseBearer(header)).toBeNull();
  });
});

describe('presentedBearerToken (the lookup before the strict parse)', () => {
  it('gives what follows exactly "Bearer ", unchecked, within the size bound only', () => {
    expect(presentedBearerToken('Bearer abc.def')).toBe('abc.def');
    expect(presentedBearerToken('Bearer abc def')).toBe('abc def');
    expect(presentedBearerToken('bearer abc')).toBeUndefined();
    expect(presentedBearerToken('Basic abc')).toBeUndefined();
    expect(presentedBearerToken(undefined)).toBeUndefined();
    expect(presentedBearerToken(['Bearer a', 'Bearer b'])).toBeUndefined();
    expect(presentedBearerToken(`Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`)).toBeUndefined();
  });
});

describe('authenticate and authorize', () => {
  it('lets anyone call a public route and never verifies a token there', async () => {
    const before = verifier.calls.length;
    const response = await get('/public', 'Bearer forged');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ subject: 'none' });
    expect(verifier.calls.length).toBe(before);
  });

  it('answers 401 with a bare Bearer challenge when no token is presented', async () => {
    const response = await get('/me');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ error: 'authentication_required' });
    for (const name of SECURITY_HEADER_NAMES) expect(response.headers[name], name).toBeDefined();
  });

  it.each([
    ['a forged token', 'Bearer forged.token.value'],
    ['an empty token', 'Bearer '],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['two tokens', 'Bearer reader.token, Bearer admin.token'],
    ['an oversized header', `Bearer ${'a'.repeat(9000)}`],
  ])('answers 401 invalid_token for %s', async (_name, header) => {
    const response = await get('/me', header);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(response.json().error).toBe('invalid_token');
    expect(response.body).not.toContain('forged');
  });

  it('sets request.principal for a valid token', async () => {
    const response = await get('/me', 'Bearer reader.token');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ subject: 'user-1' });
  });

  it('answers 403 insufficient_scope when a scope or a role is missing', async () => {
    const noScope = await get('/courses/1', 'Bearer reader.token', 'DELETE');
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().error).toBe('insufficient_scope');
    expect(noScope.headers['www-authenticate']).toBe('Bearer error="insufficient_scope"');
    const allowed = await get('/courses/1', 'Bearer admin.token', 'DELETE');
    expect(allowed.statusCode).toBe(200);
    expect((await get('/profile', 'Bearer reader.token')).statusCode).toBe(200);
  });

  it('treats a verifier that throws a non-GuardError as an invalid token, never a 500 with details', async () => {
    const broken = await appWith(throwing);
    try {
      const response = await get('/me', 'Bearer anything', 'GET', broken);
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toBe('invalid_token');
      expect(response.body).not.toMatch(/jwks|idp|secret/);
    } finally {
      await broken.close();
    }
  });

  it('treats a verifier result that is not a Principal as an invalid token', async () => {
    const broken = await appWith(wrongShape);
    try {
      expect((await get('/me', 'Bearer anything', 'GET', broken)).statusCode).toBe(401);
    } finally {
      await broken.close();
    }
  });

  it("passes a verifier's own 5xx GuardError through (generic body)", async () => {
    const down = await appWith(unavailable);
    try {
      const response = await get('/me', 'Bearer anything', 'GET', down);
      expect(response.statusCode).toBe(503);
      expect(response.json().message).toBe('internal error');
    } finally {
      await down.close();
    }
  });

  it('takes a principal from verifyCached without calling verify, and still checks scopes and its shape', async () => {
    const verifyCalls: string[] = [];
    const cachedOnly: BearerVerifier = {
      verify: async (token) => {
        verifyCalls.push(token);
        throw new GuardError('RAMPART_ERR_AUTH_INVALID_TOKEN');
      },
      verifyCached: (token) => (token === 'reader.token' ? reader : token === 'odd.token' ? ({ sub: 'x' } as never) : undefined),
    };
    const cached = await appWith(cachedOnly);
    try {
      expect((await get('/profile', 'Bearer reader.token', 'GET', cached)).json()).toEqual({ subject: 'user-1' });
      // The cached reader lacks courses:delete: 403, the same as a verified one.
      expect((await get('/courses/1', 'Bearer reader.token', 'DELETE', cached)).statusCode).toBe(403);
      expect(verifyCalls).toEqual([]);
      // Not remembered: verify decides (here: invalid).
      expect((await get('/me', 'Bearer other.token', 'GET', cached)).statusCode).toBe(401);
      expect(verifyCalls).toEqual(['other.token']);
      // A remembered value that is not a Principal is an invalid token too.
      expect((await get('/me', 'Bearer odd.token', 'GET', cached)).statusCode).toBe(401);
    } finally {
      await cached.close();
    }
  });
  it('asks verifyCached once per request, and never accepts a malformed header because its token is remembered', async () => {
    const asked: string[] = [];
    const verifyCalls: string[] = [];
    const remembering: BearerVerifier = {
      verify: async (token) => {
        verifyCalls.push(token);
        throw new GuardError('RAMPART_ERR_AUTH_INVALID_TOKEN');
      },
      verifyCached: (token) => {
        asked.push(token);
        return token === 'reader.token' ? reader : undefined;
      },
    };
    const cached = await appWith(remembering);
    try {
      expect((await get('/profile', 'Bearer reader.token', 'GET', cached)).json()).toEqual({ subject: 'user-1' });
      expect(asked).toEqual(['reader.token']);
      // The scheme is case-insensitive (RFC 7235): the same token under another spelling.
      expect((await get('/profile', 'bearer reader.token', 'GET', cached)).json()).toEqual({ subject: 'user-1' });
      expect(asked).toEqual(['reader.token', 'reader.token']);
      // A miss: looked up once, then verify decides.
      asked.length = 0;
      expect((await get('/me', 'Bearer other.token', 'GET', cached)).statusCode).toBe(401);
      expect(asked).toEqual(['other.token']);
      expect(verifyCalls).toEqual(['other.token']);
      // Around the remembered token, malformed headers are still malformed: no lookup hits, 401.
      for (const header of ['Bearer reader.token ', 'Bearer  reader.token', 'Bearer reader.token,x', 'Bearerreader.token']) {
        const response = await get('/me', header, 'GET', cached);
        expect(response.statusCode, header).toBe(401);
      }
      expect(verifyCalls).toEqual(['other.token']);
    } finally {
      await cached.close();
    }
  });

  it('treats a verifyCached that throws as an invalid token, not a 500', async () => {
    const broken: BearerVerifier = {
      verify: async () => reader,
      verifyCached: () => {
        throw new TypeError('cache exploded at /internal/path');
      },
    };
    const app2 = await appWith(broken);
    try {
      const response = await get('/me', 'Bearer reader.token', 'GET', app2);
      expect(response.statusCode).toBe(401);
      expect(response.body).not.toContain('exploded');
    } finally {
      await app2.close();
    }
  });
});
