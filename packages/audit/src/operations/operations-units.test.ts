// The small pure pieces of the per-operation checks: safety gates, path lists, response data,
// examples, sensitive flows, forged tokens.
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { issueToken, makeTokenKeys } from '../fixtures/apps/notes-api/tokens.js';
import { concretePath } from './client.js';
import { exampleOf } from './examples.js';
import { jwtOf } from './jwt.js';
import { reflectedFields } from './mass-assignment.js';
import { parsePathEntry } from './paths-list.js';
import { looksLikeCardNumber, objectIdsIn, personalFieldsIn, secretsIn } from './response-data.js';
import { refusalFor } from './safety.js';
import { sensitiveFlows } from './sensitive-flows.js';
import { staticIdentity } from './identities.js';
import { forgeries } from './token-tampering.js';
import type { ApiSurface, Operation } from './types.js';

const op = (entry: string): Operation => {
  const parsed = parsePathEntry(entry);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('refusalFor', () => {
  it.each([
    ['GET /a', false, false, undefined],
    ['HEAD /a', false, false, undefined],
    ['POST /a', false, false, 'needs --active'],
    ['PATCH /a', true, false, undefined],
    ['DELETE /a', true, false, 'needs --allow-destructive'],
    ['DELETE /a', true, true, undefined],
    ['POST /auth/logout', true, true, 'ends the session'],
    ['GET /session/revoke', true, true, 'ends the session'],
  ] as const)('%s (active %s, destructive %s)', (entry, active, allowDestructive, refusal) => {
    expect(refusalFor(op(entry), { active, allowDestructive })).toBe(refusal);
  });
});

describe('parsePathEntry and concretePath', () => {
  it('defaults to GET, keeps path parameters, and refuses what is not a path', () => {
    expect(op('/notes/{id}')).toMatchObject({ method: 'GET', path: '/notes/{id}', parameters: [{ name: 'id', in: 'path', required: true }] });
    expect(op('post /notes').method).toBe('POST');
    expect(parsePathEntry('FETCH /x')).toBe(`expected '[METHOD] /path', got "FETCH /x"`);
    expect(parsePathEntry('notes')).toBe('expected a path starting with "/", got "notes"');
  });

  it('encodes values into the template and adds required query parameters', () => {
    const search: Operation = { ...op('/search/{kind}'), parameters: [...op('/search/{kind}').parameters, { name: 'q', in: 'query', required: true, schema: { type: 'string', example: 'x y' } }] };
    expect(concretePath(search, { kind: '../a?b' })).toBe('/search/..%2Fa%3Fb?q=x+y');
    expect(concretePath(search, { kind: 'k' }, { q: "1'" })).toBe("/search/k?q=1%27");
  });
});

describe('response data', () => {
  it('finds secret-named fields anywhere, and Luhn-valid card numbers', () => {
    expect(secretsIn(JSON.stringify({ user: { name: 'a', password_hash: '$argon2id$...' }, items: [{ token: 't' }] }))).toEqual(['password_hash', 'token']);
    expect(secretsIn(JSON.stringify({ note: '4111 1111 1111 1111' }))).toEqual(['note (card number)']);
    expect(secretsIn(JSON.stringify({ accessToken: 'a', password: '' , order: '4111 1111 1111 1112' }))).toEqual([]);
    expect(looksLikeCardNumber(4242424242424242)).toBe(true);
    expect(secretsIn('<html>password</html>')).toEqual([]);
  });

  it('finds personal data and object ids', () => {
    expect(personalFieldsIn(JSON.stringify([{ id: 1, email: 'a@b.c' }]))).toEqual(['email']);
    expect(personalFieldsIn(JSON.stringify({ properties: { email: { type: 'string' } } }))).toEqual([]); // a schema, not data
    expect(objectIdsIn(JSON.stringify([{ id: 1 }, { id: 'b' }]))).toEqual(['1', 'b']);
    expect(objectIdsIn(JSON.stringify({ items: [{ id: 7 }], total: 1 }))).toEqual(['7']);
    expect(objectIdsIn(JSON.stringify({ id: 'me' }))).toEqual(['me']);
  });

  it('sees a privileged field reflected at the top level or one object down', () => {
    expect(reflectedFields(JSON.stringify({ user: { role: 'admin' } }), { role: 'admin', price: 0 })).toEqual(['role']);
    expect(reflectedFields(JSON.stringify({ role: 'user' }), { role: 'admin' })).toEqual([]);
  });
});

describe('exampleOf', () => {
  it('builds a body with the required fields, honouring formats, enums and lengths', () => {
    const body = exampleOf({
      type: 'object',
      required: ['email', 'password', 'kind', 'count', 'tags', 'code'],
      properties: {
        email: { type: 'string', format: 'email' },
        password: { type: 'string' },
        kind: { enum: ['a', 'b'] },
        count: { type: 'integer', minimum: 3 },
        tags: { type: 'array', minItems: 1, items: { type: 'string', maxLength: 4 } },
        code: { type: 'string', minLength: 30 },
        optional: { type: 'string' },
      },
    }) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['code', 'count', 'email', 'kind', 'password', 'tags']);
    expect(body.email).toMatch(/^rampart-audit-[0-9a-f]+@example\.com$/);
    expect(String(body.password).length).toBeGreaterThanOrEqual(15);
    expect(body).toMatchObject({ kind: 'a', count: 3 });
    expect(String((body.tags as string[])[0]).length).toBeLessThanOrEqual(4);
    expect(String(body.code).length).toBe(30);
  });
});

describe('sensitiveFlows', () => {
  it('finds login, password reset and (only with --active) registration', () => {
    const surface = (active: boolean): ApiSurface => ({
      operations: ['POST /auth/login', 'POST /auth/register', 'POST /auth/password-reset/request', 'POST /auth/logout', 'GET /login'].map(op),
      identities: [],
      active,
      allowDestructive: false,
      maxRequestsPerOperation: 1,
      idHints: {},
      origin: 'test',
    });
    expect(sensitiveFlows(surface(false))).toEqual([
      { kind: 'login', path: '/auth/login' },
      { kind: 'password reset', path: '/auth/password-reset/request' },
    ]);
    expect(sensitiveFlows(surface(true)).map((f) => f.kind)).toEqual(['login', 'registration', 'password reset']);
  });
});

describe('forgeries', () => {
  it('none of the forged tokens passes a strict verifier, and each is what its name says', async () => {
    const keys = await makeTokenKeys();
    const token = await issueToken(keys, 'u-1', 'user');
    const jwt = await jwtOf(staticIdentity('a', { name: 'Authorization', value: `Bearer ${token}` }));
    if (jwt === undefined) throw new Error('no JWT found');
    const forged = await forgeries(jwt, ['-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n']);
    expect(forged.map((f) => f.name)).toEqual([
      'alg none',
      'alg None with the old signature',
      'payload changed under the old signature',
      'kid injection (path to /dev/null, empty key)',
      'kid injection (SQL)',
      'expired copy',
      'HS256 signed with published key 1',
    ]);
    expect(decodeProtectedHeader(forged[0]?.token ?? '').alg).toBe('none');
    expect(forged[0]?.token.endsWith('.')).toBe(true);
    expect(decodeProtectedHeader(forged[3]?.token ?? '').kid).toBe('../../../../../../../dev/null');
    for (const { token: copy } of forged) await expect(jwtVerify(copy, keys.publicKey, { algorithms: ['RS256'] })).rejects.toThrow();
    await expect(jwtVerify(token, keys.publicKey, { algorithms: ['RS256'] })).resolves.toBeDefined();
  });
});
