// Behaviour of the resource routes over real HTTP: PATCH refuses every field but displayName,
// path ids are validated, retirement is a soft delete, enrollment is idempotent, import is JSON
// only / size-limited / validated / all or nothing, and responses carry only declared fields.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOwnInvoiceIds } from '../resources/invoices.js';
import { IMPORT_BODY_LIMIT_BYTES } from '../routes/import.js';
import { startTestServer, type TestServer, type TestUser } from './test-support/server.js';

// Set-up builds a server or database and hashes passwords: generous on a loaded machine.
const SETUP_TIMEOUT_MS = 180_000;

let server: TestServer;
let paid: TestUser;
let admin: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  paid = await server.user('paid-individual');
  admin = await server.user('admin');
}, SETUP_TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
});

/** Nothing internal in an error body: no stack, SQL, paths or library names. */
function expectOpaqueError(text: string): void {
  expect(text).not.toMatch(/\bat \w+ \(|node_modules|\/work\/|select |insert |postgres|pglite|kysely|ajv|fastify|stack/i);
}

async function newCourse(body: Record<string, unknown> = { title: 'Route test course' }): Promise<string> {
  const created = await server.call('POST', '/api/courses', { token: admin.token, body });
  expect(created.status).toBe(201);
  return (created.json() as { id: string }).id;
}

describe('PATCH /api/me', () => {
  it.each([
    { displayName: 'Mallory', role: 'admin' },
    { displayName: 'Mallory', scopes: 'users:read import:write' },
    { displayName: 'Mallory', id: randomUUID() },
    { displayName: 'Mallory', email: 'admin@example.test' },
    { role: 'admin' },
    {},
    { displayName: 42 },
    { displayName: '' },
    { displayName: 'x'.repeat(101) },
    { displayName: 'null\u0000byte' },
    JSON.parse('{"displayName":"Mallory","__proto__":{"role":"admin"}}') as unknown,
    ['displayName'],
  ])('refuses %j with 400 and changes nothing', async (body) => {
    const before = (await server.call('GET', '/api/me', { token: paid.token })).json();
    const response = await server.call('PATCH', '/api/me', { token: paid.token, body });
    expect(response.status).toBe(400);
    expectOpaqueError(response.text);
    expect((await server.call('GET', '/api/me', { token: paid.token })).json()).toEqual(before);
  });

  it('refuses a non-JSON body with 415', async () => {
    const response = await server.call('PATCH', '/api/me', { token: paid.token, rawBody: 'displayName=x', contentType: 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });

  it('changes the display name, and the profile shows only declared fields', async () => {
    const response = await server.call('PATCH', '/api/me', { token: paid.token, body: { displayName: 'Zoë Ångström' } });
    expect(response.status).toBe(200);
    const profile = response.json() as Record<string, unknown>;
    expect(Object.keys(profile).sort()).toEqual(['createdAt', 'displayName', 'email', 'id', 'role']);
    expect(profile).toMatchObject({ id: paid.id, displayName: 'Zoë Ångström', role: 'paid-individual' });
    expect(response.text).not.toMatch(/argon2|password|secret|token/i);
    expect(String(response.headers['cache-control'])).toContain('no-store');
  });
});

describe('path ids', () => {
  const bad = ['1', "1'%20OR%20'1'='1", '..%2F..%2Fetc%2Fpasswd', `${randomUUID()}x`, 'g'.repeat(36)];
  const prefixes = ['/api/users/', '/api/courses/', '/api/enrollments/', '/api/certificates/', '/api/invoices/'];

  it.each(prefixes)('%s: malformed ids are 400 and unknown ids 404', async (prefix) => {
    for (const id of bad) {
      const response = await server.call('GET', `${prefix}${id}`, { token: admin.token });
      expect(response.status, `${prefix}${id}`).toBe(400);
      expectOpaqueError(response.text);
    }
    expect((await server.call('GET', `${prefix}${randomUUID()}`, { token: admin.token })).status).toBe(404);
  });
});

describe('courses', () => {
  it('retires a course softly: 204, then gone from get, list and enroll; the row stays', async () => {
    const id = await newCourse({ title: 'Soon retired', priceCents: 100 });
    expect((await server.call('GET', `/api/courses/${id}`, { token: paid.token })).status).toBe(200);

    expect((await server.call('DELETE', `/api/courses/${id}`, { token: admin.token })).status).toBe(204);
    expect((await server.call('GET', `/api/courses/${id}`, { token: paid.token })).status).toBe(404);
    const list = (await server.call('GET', '/api/courses?limit=100', { token: paid.token })).json() as { courses: { id: string }[] };
    expect(list.courses.map((c) => c.id)).not.toContain(id);
    expect((await server.call('POST', `/api/courses/${id}/enroll`, { token: paid.token })).status).toBe(404);
    expect((await server.call('DELETE', `/api/courses/${id}`, { token: admin.token })).status).toBe(404);

    const row = await server.platform.ctx.db.selectFrom('courses').select('retired_at').where('id', '=', id).executeTakeFirst();
    expect(row?.retired_at).toBeInstanceOf(Date);
  });

  it('runs as a role that cannot DELETE: retirement is the only way', async () => {
    const id = await newCourse({ title: 'Undeletable' });
    await expect(server.platform.ctx.db.deleteFrom('courses').where('id', '=', id).execute()).rejects.toThrow(/permission denied/);
    expect((await server.call('GET', `/api/courses/${id}`, { token: paid.token })).status).toBe(200);
  });

  it.each([
    { title: 'x', createdBy: randomUUID() },
    { title: 'x', priceCents: -1 },
    { title: 'x', priceCents: '100' },
    { title: 'x', currency: 'euro' },
    { title: '' },
    JSON.parse('{"title":"x","constructor":{"prototype":{"admin":true}}}') as unknown,
  ])('refuses the course %j with 400', async (body) => {
    const response = await server.call('POST', '/api/courses', { token: admin.token, body });
    expect(response.status).toBe(400);
    expectOpaqueError(response.text);
  });

  it.each(['limit=0', 'limit=101', 'limit=abc', 'offset=-1', 'offset=10001', 'sort=title'])('refuses the list query %s with 400', async (query) => {
    expect((await server.call('GET', `/api/courses?${query}`, { token: paid.token })).status).toBe(400);
  });

  it('pages the list', async () => {
    await newCourse({ title: 'Page A' });
    await newCourse({ title: 'Page B' });
    const all = (await server.call('GET', '/api/courses?limit=100', { token: paid.token })).json() as { courses: unknown[] };
    const page = (await server.call('GET', '/api/courses?limit=1&offset=1', { token: paid.token })).json() as { courses: unknown[]; limit: number; offset: number };
    expect(page).toEqual({ courses: [all.courses[1]], limit: 1, offset: 1 });
  });
});

describe('POST /api/courses/:id/enroll', () => {
  it('answers 201 first, then 200 with the same enrollment, and bills once', async () => {
    const id = await newCourse({ title: 'Idempotent', priceCents: 1500, currency: 'EUR' });
    const user = await server.user('paid-individual');
    const first = await server.call('POST', `/api/courses/${id}/enroll`, { token: user.token });
    const second = await server.call('POST', `/api/courses/${id}/enroll`, { token: user.token });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ courseId: id, ownerId: user.id });
    expect(await listOwnInvoiceIds(server.platform.ctx.db, user.id)).toHaveLength(1);
    const mine = (await server.call('GET', '/api/me/enrollments', { token: user.token })).json() as { enrollments: unknown[] };
    expect(mine.enrollments).toEqual([first.json()]);
  });

  it('refuses a body', async () => {
    const id = await newCourse();
    const response = await server.call('POST', `/api/courses/${id}/enroll`, { token: paid.token, body: { ownerId: admin.id } });
    expect(response.status).toBe(400);
  });
});

describe('POST /api/import', () => {
  const titles = async () =>
    ((await server.call('GET', '/api/courses?limit=100', { token: admin.token })).json() as { courses: { title: string }[] }).courses.map((c) => c.title);

  it('imports every course of a valid body in one go', async () => {
    const response = await server.call('POST', '/api/import', {
      token: admin.token,
      body: { courses: [{ title: 'Import one' }, { title: 'Import two', priceCents: 990, currency: 'USD', description: 'two' }] },
    });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ imported: 2 });
    expect(await titles()).toEqual(expect.arrayContaining(['Import one', 'Import two']));
  });

  it.each([
    ['text/plain', 'title=x'],
    ['application/x-www-form-urlencoded', 'courses=x'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/xml', '<courses/>'],
  ])('refuses %s with 415', async (contentType, rawBody) => {
    const response = await server.call('POST', '/api/import', { token: admin.token, rawBody, contentType });
    expect(response.status).toBe(415);
    expectOpaqueError(response.text);
  });

  it('refuses a body over the limit with 413', async () => {
    const padding = 'x'.repeat(4000);
    const courses = Array.from({ length: Math.ceil(IMPORT_BODY_LIMIT_BYTES / 4000) + 1 }, (_, i) => ({ title: `Big ${i}`, description: padding }));
    const response = await server.call('POST', '/api/import', { token: admin.token, body: { courses } });
    expect(response.status).toBe(413);
    expect(await titles()).not.toContain('Big 0');
  });

  it.each([
    { courses: [] },
    { courses: [{ title: 'Fine' }, { title: 'Bad', priceCents: -1 }] },
    { courses: [{ title: 'Fine' }], also: 'extra' },
    { courses: Array.from({ length: 1001 }, (_, i) => ({ title: `Many ${i}` })) },
    [{ title: 'bare array' }],
  ])('refuses an invalid body with 400 and imports nothing', async (body) => {
    const before = await titles();
    const response = await server.call('POST', '/api/import', { token: admin.token, body });
    expect(response.status).toBe(400);
    expectOpaqueError(response.text);
    expect(await titles()).toEqual(before);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await server.call('POST', '/api/import', { token: admin.token, rawBody: '{"courses":[{"title":"x"}', contentType: 'application/json' });
    expect(response.status).toBe(400);
    expectOpaqueError(response.text);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with process metrics and request counters by route pattern', async () => {
    const id = await newCourse({ title: 'Counted' });
    await server.call('GET', `/api/courses/${id}`, { token: paid.token });
    await server.call('GET', `/api/courses/${id}`);
    await server.call('GET', '/health');
    await server.call('GET', `/no/such/route/${id}`);
    const response = await server.call('GET', '/metrics', { token: admin.token });
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^text\/plain/);
    expect(response.text).toContain('process_cpu_user_seconds_total');
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="\/api\/courses\/:id",status="200"\} [1-9]/);
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="\/api\/courses\/:id",status="401"\} [1-9]/);
    expect(response.text).toMatch(/http_requests_refused_total\{status="401"\} [1-9]/);
    // Every response of the server is counted, not only this plugin's routes.
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} [1-9]/);
    expect(response.text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/);
    // Labels are route patterns, never raw URLs.
    expect(response.text).not.toContain(id);
  });
});
