// Cookie attributes: Secure, HttpOnly on session-like cookies, SameSite, and the __Host- /
// __Secure- prefix rules (RFC 6265bis), on every Set-Cookie this check sees: the target, an
// unknown path, the shared malformed-JSON error probe and, with --login, one failed login for
// an account that does not exist.
import { randomBytes } from 'node:crypto';
import { malformedJsonResponse } from './shared-probes.js';
import type { AuditContext, Check, Finding, ProbeResponse, Verdict } from './types.js';

export interface ParsedCookie {
  readonly name: string;
  /** Attribute names lower-cased; value-less attributes map to ''. */
  readonly attributes: ReadonlyMap<string, string>;
}

export function parseSetCookie(header: string): ParsedCookie | undefined {
  const [pair = '', ...rest] = header.split(';');
  const equals = pair.indexOf('=');
  const name = (equals === -1 ? '' : pair.slice(0, equals)).trim();
  if (name === '') return undefined;
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
    if (key !== '') attributes.set(key, at === -1 ? '' : part.slice(at + 1).trim());
  }
  return { name, attributes };
}

const SESSION_LIKE = /sess|sid|token|auth|jwt|refresh|login|remember|identity|account/i;
const READ_BY_SCRIPT = /csrf|xsrf/i; // double-submit tokens are meant to be read by script

interface Issue {
  readonly verdict: Verdict;
  readonly text: string;
}

/** Every problem of one cookie, each with its own verdict. */
export function cookieIssues(cookie: ParsedCookie, https: boolean): Issue[] {
  const issues: Issue[] = [];
  const attr = cookie.attributes;
  const secure = attr.has('secure');
  const session = SESSION_LIKE.test(cookie.name) && !READ_BY_SCRIPT.test(cookie.name);
  if (cookie.name.startsWith('__Host-')) {
    if (!secure || attr.get('path') !== '/' || attr.has('domain')) {
      issues.push({ verdict: 'FAIL', text: '__Host- prefix without Secure, Path=/ and no Domain (browsers drop it)' });
    }
  } else if (cookie.name.startsWith('__Secure-') && !secure) {
    issues.push({ verdict: 'FAIL', text: '__Secure- prefix without Secure (browsers drop it)' });
  }
  if (!secure) {
    if (https) issues.push({ verdict: session ? 'FAIL' : 'WARN', text: 'no Secure attribute on an https site' });
    else issues.push({ verdict: session ? 'WARN' : 'INFO', text: 'no Secure attribute (served over plain http)' });
  }
  if (session && !attr.has('httponly')) {
    issues.push({ verdict: 'FAIL', text: 'session-like cookie without HttpOnly (readable by any injected script)' });
  }
  const sameSite = attr.get('samesite')?.toLowerCase();
  if (sameSite === undefined) {
    issues.push({ verdict: session ? 'WARN' : 'INFO', text: 'no SameSite attribute' });
  } else if (sameSite === 'none') {
    if (!secure) issues.push({ verdict: 'FAIL', text: 'SameSite=None without Secure (browsers reject it)' });
    else if (session) issues.push({ verdict: 'WARN', text: 'SameSite=None on a session-like cookie (sent cross-site)' });
  } else if (sameSite !== 'lax' && sameSite !== 'strict') {
    issues.push({ verdict: 'WARN', text: `unknown SameSite value (${sameSite.slice(0, 20)})` });
  }
  if (session && issues.length === 0 && !cookie.name.startsWith('__Host-')) {
    issues.push({ verdict: 'INFO', text: 'consider the __Host- prefix to lock the cookie to this host' });
  }
  return issues;
}

const rank: Record<Verdict, number> = { 'N/A': 0, PASS: 1, INFO: 2, WARN: 3, FAIL: 4 };

async function responsesToInspect(context: AuditContext): Promise<ProbeResponse[]> {
  // The baselines and the malformed-JSON probe are shared with other checks: they cost nothing extra.
  const pending = [context.baseline(), context.notFoundBaseline(), malformedJsonResponse(context)];
  if (context.loginPath !== undefined) {
    const account = `rampart-audit-${randomBytes(6).toString('hex')}@example.invalid`;
    pending.push(
      context.probe({
        method: 'POST',
        path: context.loginPath,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email: account, username: account, password: randomBytes(12).toString('hex') }),
      }),
    );
  }
  return Promise.all(pending);
}

const FIX =
  'Set session cookies as `__Host-name=...; Path=/; Secure; HttpOnly; SameSite=Strict` (or Lax); give every other ' +
  'cookie Secure and an explicit SameSite.';

export const cookiesCheck: Check = {
  id: 'cookies',
  title: 'Cookie attributes',
  category: 'A05:2021-Security Misconfiguration',
  description:
    'Reads every Set-Cookie from the target URL, an unknown path, a malformed JSON request and, with --login, one ' +
    'failed login for an account that does not exist. Session-like cookies need Secure, HttpOnly and SameSite; __Host-/__Secure- prefixes must ' +
    'follow their rules; SameSite=None needs Secure. Missing HttpOnly on a session cookie or a broken prefix FAILs; a ' +
    'missing Secure FAILs on https and WARNs on plain http; a missing SameSite WARNs. No cookie at all is N/A.',
  enabledByDefault: true,
  async run(context) {
    const https = context.target.protocol === 'https:';
    const seen = new Map<string, { cookie: ParsedCookie; url: string }>();
    for (const response of await responsesToInspect(context)) {
      for (const header of response.headers['set-cookie'] ?? []) {
        const cookie = parseSetCookie(header);
        if (cookie !== undefined && !seen.has(cookie.name)) seen.set(cookie.name, { cookie, url: response.url });
      }
    }
    if (seen.size === 0) {
      return [{ verdict: 'N/A', title: 'No cookies set', detail: 'No response seen by this check set a cookie.', url: context.target.href }];
    }
    return [...seen.values()].map(({ cookie, url }): Finding => {
      const issues = cookieIssues(cookie, https);
      const verdict = issues.reduce<Verdict>((worst, issue) => (rank[issue.verdict] > rank[worst] ? issue.verdict : worst), 'PASS');
      const name = cookie.name.slice(0, 64);
      return {
        verdict,
        title: `Cookie ${name}`,
        detail: issues.length === 0 ? 'Secure, HttpOnly and SameSite are set as they should be.' : `${issues.map((i) => i.text).join('; ')}.`,
        url,
        ...(verdict === 'WARN' || verdict === 'FAIL' ? { fix: FIX, severity: verdict === 'FAIL' ? 'medium' : 'low' } : {}),
      };
    });
  },
};
