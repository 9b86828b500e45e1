import { describe, expect, it } from 'vitest';
import type { PageProblem } from '../../../../../test-support/browser.js';
import { unexpectedProblems } from './problems.js';

const networkLine = (url: string, status: number): PageProblem => ({
  kind: 'console-error',
  source: 'console',
  url,
  text: `Failed to load resource: the server responded with a status of ${status} (Whatever)`,
});

describe('unexpectedProblems', () => {
  it('lets through only the 4xx network lines of API calls and the favicon', () => {
    const handled = [networkLine('http://127.0.0.1:1/auth/refresh', 401), networkLine('http://127.0.0.1:1/api/courses/x/enroll', 403), networkLine('http://127.0.0.1:1/favicon.ico', 404)];
    const counted: PageProblem[] = [
      networkLine('http://127.0.0.1:1/assets/main-abc.js', 404),
      networkLine('http://127.0.0.1:1/api/courses', 500),
      { kind: 'csp-violation', source: 'console', url: 'http://127.0.0.1:1/api/me', text: 'Failed to load resource: the server responded with a status of 401 (Content Security Policy)' },
      { kind: 'console-error', source: 'console', url: 'http://127.0.0.1:1/', text: 'Something else went wrong' },
      { kind: 'page-error', source: 'exception', url: 'http://127.0.0.1:1/', text: 'boom' },
    ];
    expect(unexpectedProblems([...handled, ...counted])).toEqual(counted);
  });
});
