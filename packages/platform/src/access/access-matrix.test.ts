// The access matrix over real HTTP against the real server: every resource route, called with
// no token, an invalid token, and real tokens of each role, answers the status the contract
// (shared/API.md) gives it; and user A never sees user B's profile, certificate, invoice or
// enrollment (404, the same answer as for an id that does not exist).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../test-support/services.js';
import { startTestServer, type Engine, type TestServer, type TestUser } from './test-support/server.js';

// Set-up builds a server or database and hashes passwords: generous on a loaded machine.
const SETUP_TIMEOUT_MS = 180_000;

type Caller = 'anonymous' | 'invalid' | 'free' | 'paid' | 'admin';
const CALLERS: readonly Caller[] = ['anonymous', 'invalid', 'free', 'paid', 'admin'];

// A well-formed JWT that no key of this server signed.
const FORGED_TOKEN =
  'eyJhbGciOiJFZERTQSIsInR5cCI6ImF0K2p3dCIsImtpZCI6Im5vcGUifQ.' +
  'eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJzY29wZSI6InByb2ZpbGU6cmVhZCIsInJvbGVzIjpbImFkbWluIl19.' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const engines: Engine[] = (await postgresAvailable()) ? ['pglite', 'postgres'] : ['pglite'];

describe.each(engines)('on %s', (engine) => {
  let server: TestServer;
  let users: Record<'free' | 'paid' | 'admin' | 'other', TestUser>;
  /** Objects of `other` (a second paid user): what `paid` must never see. */
  const ofOther = { enrollment: '', certificate: '', invoice: '' };
  /** The priced course `other` is enrolled in. */
  let course: string;

  async function createCourse(title: string, priceCents = 0): Promise<string> {
    const created = await server.call('POST', '/api/courses', { token: users.admin.token, body: { title, priceCents } });
    expect(created.status).toBe(201);
    return (created.json() as { id: string }).id;
  }

  beforeAll(async () => {
    server = await startTestServer(engine);
    users = {
      free: await server.user('free-user'),
      paid: await server.user('paid-individual'),
      admin: await server.user('admin'),
      other: await server.user('paid-individual'),
    };
    course = await createCourse('Matrix course', 2500);
    const enrolled = await server.call('POST', `/api/courses/${course}/enroll`, { token: users.other.token });
    expect(enrolled.status).toBe(201);
    ofOther.enrollment = (enrolled.json() as { id: string }).id;
    const issued = await server.call('POST', '/api/certificates', {
      token: users.admin.token,
      body: { userId: users.other.id, courseId: course },
    });
    expect(issued.status).toBe(201);
    ofOther.certificate = (issued.json() as { id: string }).id;
    const invoices = await server.call('GET', '/api/me/invoices', { token: users.other.token });
    ofOther.invoice = (invoices.json() as { invoices: { id: string }[] }).invoices[0]!.id;
    expect(ofOther.certificate).toBeDefined();
    expect(ofOther.invoice).toBeDefined();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
  });

  function tokenOf(caller: Caller): string | undefined {
    if (caller === 'anonymous') return undefined;
    if (caller === 'invalid') return FORGED_TOKEN;
    return users[caller].token;
  }

  interface Row {
    readonly method: string;
    readonly path: string;
    /** Resolves the path for a caller (mutating rows get a fresh object per call). */
    readonly target?: (caller: Caller) => Promise<string>;
    readonly body?: unknown;
    /** A body that needs the set-up's users or objects. */
    readonly makeBody?: () => unknown;
    readonly expected: Readonly<Record<'free' | 'paid' | 'admin', number>>;
  }

  const ROWS: readonly Row[] = [
    { method: 'GET', path: '/api/me', expected: { free: 200, paid: 200, admin: 200 } },
    { method: 'PATCH', path: '/api/me', body: { displayName: 'Renamed' }, expected: { free: 200, paid: 200, admin: 200 } },
    { method: 'GET', path: '/api/users/:self', target: async (c) => `/api/users/${users[c === 'free' || c === 'admin' ? c : 'paid'].id}`, expected: { free: 200, paid: 200, admin: 200 } },
    { method: 'GET', path: '/api/users/:other', target: async () => `/api/users/${users.other.id}`, expected: { free: 404, paid: 404, admin: 200 } },
    { method: 'GET', path: '/api/courses', expected: { free: 200, paid: 200, admin: 200 } },
    { method: 'GET', path: '/api/courses/:id', target: async () => `/api/courses/${course}`, expected: { free: 200, paid: 200, admin: 200 } },
    { method: 'POST', path: '/api/courses', body: { title: 'Matrix new' }, expected: { free: 403, paid: 403, admin: 201 } },
    {
      method: 'DELETE',
      path: '/api/courses/:id',
      target: async (c) => `/api/courses/${c === 'admin' ? await createCourse('Retire me') : course}`,
      expected: { free: 403, paid: 403, admin: 204 },
    },
    {
      method: 'POST',
      path: '/api/courses/:id/enroll',
      target: async () => `/api/courses/${await createCourse('Enroll me')}/enroll`,
      expected: { free: 403, paid: 201, admin: 201 },
    },
    { method: 'GET', path: '/api/me/enrollments', expected: { free: 200, paid: 200, admin: 200 } },
    { method: 'GET', path: '/api/enrollments/:other', target: async () => `/api/enrollments/${ofOther.enrollment}`, expected: { free: 404, paid: 404, admin: 200 } },
    { method: 'GET', path: '/api/certificates/:other', target: async () => `/api/certificates/${ofOther.certificate}`, expected: { free: 403, paid: 404, admin: 200 } },
    { method: 'GET', path: '/api/me/certificates', expected: { free: 403, paid: 200, admin: 200 } },
    { method: 'GET', path: '/api/me/invoices', expected: { free: 403, paid: 200, admin: 200 } },
    {
      method: 'POST',
      path: '/api/certificates',
      makeBody: () => ({ userId: users.other.id, courseId: course }),
      // Issued in the set-up already: the admin gets the existing certificate (200).
      expected: { free: 403, paid: 403, admin: 200 },
    },
    { method: 'GET', path: '/api/invoices/:other', target: async () => `/api/invoices/${ofOther.invoice}`, expected: { free: 403, paid: 404, admin: 200 } },
    { method: 'POST', path: '/api/import', body: { courses: [{ title: 'Imported by matrix' }] }, expected: { free: 403, paid: 403, admin: 200 } },
    { method: 'GET', path: '/metrics', expected: { free: 403, paid: 403, admin: 200 } },
  ];

  describe.each(ROWS)('$method $path', (row) => {
    it.each(CALLERS)('as %s', async (caller) => {
      const path = row.target ? await row.target(caller) : row.path;
      const response = await server.call(row.method, path, { token: tokenOf(caller), body: row.makeBody ? row.makeBody() : row.body });
      if (caller === 'anonymous' || caller === 'invalid') {
        expect(response.status).toBe(401);
        expect(String(response.headers['www-authenticate'])).toMatch(/^Bearer\b/);
        return;
      }
      expect(response.status).toBe(row.expected[caller]);
      if (response.status >= 400) {
        const body = response.json() as Record<string, unknown>;
        expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['error', 'message']));
      }
    });
  });

  describe("user A against user B's objects", () => {
    const paths = {
      profile: () => `/api/users/${users.other.id}`,
      enrollment: () => `/api/enrollments/${ofOther.enrollment}`,
      certificate: () => `/api/certificates/${ofOther.certificate}`,
      invoice: () => `/api/invoices/${ofOther.invoice}`,
    };
    const unknownPaths = {
      profile: () => `/api/users/${randomUUID()}`,
      enrollment: () => `/api/enrollments/${randomUUID()}`,
      certificate: () => `/api/certificates/${randomUUID()}`,
      invoice: () => `/api/invoices/${randomUUID()}`,
    };

    it.each(Object.keys(paths) as (keyof typeof paths)[])('%s: 404 for A, the same answer as an unknown id', async (kind) => {
      const theirs = await server.call('GET', paths[kind](), { token: users.paid.token });
      const unknown = await server.call('GET', unknownPaths[kind](), { token: users.paid.token });
      expect(theirs.status).toBe(404);
      expect(unknown.status).toBe(404);
      const strip = (r: typeof theirs) => {
        const { reference: _reference, ...rest } = r.json() as Record<string, unknown>;
        return rest;
      };
      expect(strip(theirs)).toEqual(strip(unknown));
      expect(theirs.text).not.toContain(users.other.id);
    });

    it("A's own lists never contain B's objects", async () => {
      for (const list of ['/api/me/enrollments', '/api/me/certificates', '/api/me/invoices']) {
        const response = await server.call('GET', list, { token: users.paid.token });
        expect(response.status).toBe(200);
        for (const id of Object.values(ofOther)) expect(response.text, list).not.toContain(id);
      }
    });

    it.each(Object.keys(paths) as (keyof typeof paths)[])('%s: 200 for B themself', async (kind) => {
      const own = await server.call('GET', paths[kind](), { token: users.other.token });
      expect(own.status).toBe(200);
      expect(own.json()).toMatchObject(kind === 'profile' ? { id: users.other.id } : { ownerId: users.other.id });
    });
  });
});
