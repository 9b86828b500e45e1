// Login rate limiting (opt-in with --login PATH): a short burst of failed logins for an
// account that does not exist must meet a 429, a Retry-After or a lockout signal.
// Bounded on purpose: at most 30 requests, stopped at the first signal, and the account is
// invented so no real user can be locked out by the audit.
import { randomBytes } from 'node:crypto';
import type { Check, Finding, ProbeResponse } from './types.js';

export const MAX_LOGIN_ATTEMPTS = 30;

const LOCKOUT_TEXT = /too many|locked|try again later|temporarily blocked|rate.?limit/i;

/** A response that tells the client to slow down (429, 503 + Retry-After, 423, lockout text). */
export function isThrottled(response: ProbeResponse): boolean {
  if (response.status === 429 || response.status === 423) return true;
  if (response.headers['retry-after'] !== undefined) return true;
  return response.status >= 400 && LOCKOUT_TEXT.test(response.body.slice(0, 2_000));
}

/** RateLimit / X-RateLimit headers: the server advertises a limit even if 30 did not reach it. */
function advertisesLimit(response: ProbeResponse): boolean {
  return Object.keys(response.headers).some((name) => /^(x-)?ratelimit(-|$)/.test(name));
}

export const rateLimitCheck: Check = {
  id: 'rate-limit',
  title: 'Login rate limiting',
  category: 'A07:2021-Identification and Authentication Failures',
  description:
    `Opt-in with --login PATH. Sends at most ${MAX_LOGIN_ATTEMPTS} POSTs with a JSON body (email, username, ` +
    'password) for an account that does not exist, one after the other, and stops at the first 429, Retry-After, 423 ' +
    'or lockout message (PASS). RateLimit headers without a block within the burst WARN; no signal at all FAILs. A ' +
    'login path that answers 404/405 is N/A.',
  enabledByDefault: false,
  async run(context) {
    const loginPath = context.loginPath;
    if (loginPath === undefined) {
      return [{ verdict: 'N/A', title: 'No login path given', detail: 'Run with --login PATH to test login rate limiting.', url: context.target.href }];
    }
    const account = `rampart-audit-${randomBytes(6).toString('hex')}@example.invalid`;
    const body = JSON.stringify({ email: account, username: account, password: randomBytes(12).toString('hex') });
    let advertised = false;
    let last: ProbeResponse | undefined;
    for (let attempt = 1; attempt <= MAX_LOGIN_ATTEMPTS; attempt += 1) {
      last = await context.probe({
        method: 'POST',
        path: loginPath,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
      });
      if (attempt === 1 && (last.status === 404 || last.status === 405)) {
        return [{ verdict: 'N/A', title: 'Login path not found', detail: `POST ${loginPath} answered ${last.status}.`, url: last.url }];
      }
      if (isThrottled(last)) {
        return [
          {
            verdict: 'PASS',
            title: 'Login attempts are limited',
            detail: `Attempt ${attempt} of a burst of failed logins answered ${last.status}${last.headers['retry-after'] ? ' with Retry-After' : ''}.`,
            url: last.url,
          },
        ];
      }
      advertised ||= advertisesLimit(last);
    }
    const finding: Finding = advertised
      ? {
          verdict: 'WARN',
          title: 'Login limit above the burst',
          detail: `${MAX_LOGIN_ATTEMPTS} failed logins were all answered (last: ${last?.status ?? 0}); RateLimit headers are present but no request was refused.`,
          url: last?.url ?? context.target.href,
          fix: 'Limit login attempts to a handful per minute per client address and per account (e.g. 5/minute), answering 429 with Retry-After.',
          severity: 'medium',
        }
      : {
          verdict: 'FAIL',
          title: 'No login rate limit',
          detail: `${MAX_LOGIN_ATTEMPTS} failed logins in a row were all answered (last: ${last?.status ?? 0}) with no 429, Retry-After or lockout signal.`,
          url: last?.url ?? context.target.href,
          fix: 'Rate-limit the login route per client address and per account (e.g. 5/minute), answer 429 with Retry-After, and lock an account after repeated failures.',
          severity: 'high',
        };
    return [finding];
  },
};
