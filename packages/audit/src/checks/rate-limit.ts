// Login rate limiting (opt-in with --login PATH): a short burst of failed logins for an
// account that does not exist must meet a 429, a Retry-After or a lockout signal.
// Bounded on purpose: at most 30 requests, stopped at the first signal, and the account is
// invented so no real user can be locked out by the audit.
import { randomBytes } from 'node:crypto';
import { sensitiveFlows } from '../operations/sensitive-flows.js';
import type { AuditContext, Check, Finding, ProbeResponse } from './types.js';

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

/** Up to MAX_LOGIN_ATTEMPTS POSTs for an invented account to one path, stopped at the first throttle signal. */
async function burst(context: AuditContext, path: string, label: string): Promise<Finding> {
  const account = `rampart-audit-${randomBytes(6).toString('hex')}@example.invalid`;
  const body = JSON.stringify({ email: account, username: account, password: randomBytes(12).toString('hex') });
  const lower = label.toLowerCase();
  let advertised = false;
  let last: ProbeResponse | undefined;
  for (let attempt = 1; attempt <= MAX_LOGIN_ATTEMPTS; attempt += 1) {
    last = await context.probe({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
    if (attempt === 1 && (last.status === 404 || last.status === 405)) {
      return { verdict: 'N/A', title: `${label} path not found`, detail: `POST ${path} answered ${last.status}.`, url: last.url };
    }
    if (isThrottled(last)) {
      return {
        verdict: 'PASS',
        title: `${label} attempts are limited`,
        detail: `Attempt ${attempt} of a burst of ${lower} requests answered ${last.status}${last.headers['retry-after'] ? ' with Retry-After' : ''}.`,
        url: last.url,
      };
    }
    advertised ||= advertisesLimit(last);
  }
  return advertised
    ? {
        verdict: 'WARN',
        title: `${label} limit above the burst`,
        detail: `${MAX_LOGIN_ATTEMPTS} ${lower} requests were all answered (last: ${last?.status ?? 0}); RateLimit headers are present but no request was refused.`,
        url: last?.url ?? context.target.href,
        fix: `Limit ${lower} attempts to a handful per minute per client address and per account (e.g. 5/minute), answering 429 with Retry-After.`,
        severity: 'medium',
      }
    : {
        verdict: 'FAIL',
        title: `No ${lower} rate limit`,
        detail: `${MAX_LOGIN_ATTEMPTS} ${lower} requests in a row were all answered (last: ${last?.status ?? 0}) with no 429, Retry-After or lockout signal.`,
        url: last?.url ?? context.target.href,
        fix: `Rate-limit the ${lower} route per client address and per account (e.g. 5/minute), answer 429 with Retry-After${label === 'Login' ? ', and lock an account after repeated failures' : ''}.`,
        severity: 'high',
      };
}

export const rateLimitCheck: Check = {
  id: 'rate-limit',
  title: 'Login rate limiting',
  category: 'A07:2021-Identification and Authentication Failures',
  description:
    `Opt-in with --login PATH. Sends at most ${MAX_LOGIN_ATTEMPTS} POSTs with a JSON body (email, username, ` +
    'password) for an account that does not exist, one after the other, and stops at the first 429, Retry-After, 423 ' +
    'or lockout message (PASS). RateLimit headers without a block within the burst WARN; no signal at all FAILs. A ' +
    'login path that answers 404/405 is N/A. In a spec-driven audit the login operation of the document stands in for ' +
    '--login, and its password-reset operation (and, with --active, its registration operation) get the same burst, ' +
    'one finding each.',
  enabledByDefault: false,
  async run(context) {
    const loginPath = context.loginPath;
    if (loginPath === undefined) {
      return [{ verdict: 'N/A', title: 'No login path given', detail: 'Run with --login PATH to test login rate limiting.', url: context.target.href }];
    }
    // A spec-driven audit also bursts the registration (with --active) and password-reset
    // operations of the document: one finding per flow.
    const others = context.api === undefined ? [] : sensitiveFlows(context.api).filter((flow) => flow.kind !== 'login' && flow.path !== loginPath);
    const findings = [await burst(context, loginPath, 'Login')];
    for (const flow of others) findings.push(await burst(context, flow.path, flow.kind === 'registration' ? 'Registration' : 'Password reset'));
    return findings;
  },
};
