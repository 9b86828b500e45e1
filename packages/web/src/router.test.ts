import { describe, expect, it } from 'vitest';
import { hrefOf, isPublic, parseRoute } from './router.js';

const ID = '0b7f8a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c';

describe('parseRoute', () => {
  it.each([
    ['', { page: 'courses' }],
    ['#/', { page: 'courses' }],
    ['#/login', { page: 'login' }],
    ['#/admin/', { page: 'admin' }],
    [`#/courses/${ID}`, { page: 'course', id: ID }],
    ['#/courses/not-a-uuid', { page: 'not-found' }],
    ['#/courses/../admin', { page: 'not-found' }],
    ['#/profile/extra', { page: 'not-found' }],
    ['#/constructor', { page: 'not-found' }],
    ['#/__proto__', { page: 'not-found' }],
  ])('%s -> %o', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips hrefOf', () => {
    for (const hash of ['#/login', '#/mfa', `#/courses/${ID}`]) expect(hrefOf(parseRoute(hash))).toBe(hash);
  });

  it('only login, register and not-found are public', () => {
    expect(['login', 'register', 'courses', 'admin', 'mfa'].map((page) => isPublic(parseRoute(`#/${page}`)))).toEqual([true, true, false, false, false]);
  });
});
