import { describe, expect, it } from 'vitest';
import { crossSiteProblem } from './cookie-request-check.js';

const own = { host: '127.0.0.1:3000', 'rampart-csrf': '1' };

describe('crossSiteProblem', () => {
  it('accepts the header with the platform\'s own origin, an allow-listed origin, or no Origin (no browser)', () => {
    expect(crossSiteProblem({ ...own, origin: 'http://127.0.0.1:3000' }, [])).toBeUndefined();
    expect(crossSiteProblem({ ...own, origin: 'https://app.example.com' }, ['https://app.example.com'])).toBeUndefined();
    expect(crossSiteProblem(own, [])).toBeUndefined();
  });

  it('refuses a missing or wrong custom header, whatever the origin', () => {
    expect(crossSiteProblem({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, [])).toBe('missing_csrf_header');
    expect(crossSiteProblem({ host: '127.0.0.1:3000', 'rampart-csrf': 'yes' }, [])).toBe('missing_csrf_header');
  });

  it.each(['https://attacker.example', 'http://127.0.0.1:3001', 'null', 'http://127.0.0.1:3000/path', 'not a url', 'http://user@127.0.0.1:3000'])(
    'refuses Origin %s',
    (origin) => {
      expect(crossSiteProblem({ ...own, origin }, ['https://app.example.com'])).toBe('foreign_origin');
    },
  );

  it('refuses any Origin when the request names no Host', () => {
    expect(crossSiteProblem({ 'rampart-csrf': '1', origin: 'http://127.0.0.1:3000' }, [])).toBe('foreign_origin');
  });
});
