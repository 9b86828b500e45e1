// The header rules of the `headers` check as pure functions: one response's headers in, one
// verdict per rule out. Table-driven vectors in header-vectors/ pin each rule to its source
// (Mozilla HTTP Observatory, drHEADer, OWASP ZAP).
import type { Verdict } from './types.js';

export type ContentKind = 'html' | 'api';
export type HeaderRuleId = 'hsts' | 'nosniff' | 'framing' | 'csp' | 'referrer-policy' | 'permissions-policy' | 'cache-control' | 'x-xss-protection';

export interface HeaderSample {
  readonly status: number;
  /** Lower-cased names, every value kept. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly kind: ContentKind;
  readonly https: boolean;
}

export interface RuleOutcome {
  readonly verdict: Verdict;
  /** What was seen, short (never a secret; header values are truncated). */
  readonly note: string;
}

const ONE_YEAR = 31_536_000;
const clip = (value: string) => (value.length > 80 ? `${value.slice(0, 77)}...` : value);
const values = (sample: HeaderSample, name: string) => sample.headers[name] ?? [];

export function isHtml(contentType: string, body: string): boolean {
  if (/\btext\/html\b|application\/xhtml\+xml/i.test(contentType)) return true;
  return contentType === '' && /^\s*(<!doctype html|<html)/i.test(body);
}

export function hstsRule(sample: HeaderSample): RuleOutcome {
  const sent = values(sample, 'strict-transport-security');
  if (!sample.https) {
    return sent.length > 0
      ? { verdict: 'N/A', note: 'sent over plain http, where browsers ignore it' }
      : { verdict: 'N/A', note: 'plain http target' };
  }
  if (sent.length === 0) return { verdict: 'FAIL', note: 'missing' };
  if (sent.length > 1) return { verdict: 'FAIL', note: `sent ${sent.length} times (browsers may use either)` };
  const directives = (sent[0] ?? '').split(';').map((d) => d.trim()).filter(Boolean);
  const names = directives.map((d) => d.split('=')[0]?.trim().toLowerCase() ?? '');
  if (new Set(names).size !== names.length) return { verdict: 'FAIL', note: `repeated directive in "${clip(sent[0] ?? '')}"` };
  const maxAge = directives.find((d) => /^max-age\s*=/i.test(d));
  const seconds = maxAge?.split('=')[1]?.trim();
  if (seconds === undefined || !/^\d+$/.test(seconds)) return { verdict: 'FAIL', note: `malformed: "${clip(sent[0] ?? '')}"` };
  const age = Number(seconds);
  if (age === 0) return { verdict: 'FAIL', note: 'max-age=0 switches HSTS off' };
  if (age < ONE_YEAR) return { verdict: 'WARN', note: `max-age=${age} is under one year` };
  return { verdict: 'PASS', note: `max-age=${age}` };
}

export function nosniffRule(sample: HeaderSample): RuleOutcome {
  const sent = values(sample, 'x-content-type-options');
  if (sent.length === 0) return { verdict: 'WARN', note: 'X-Content-Type-Options missing' };
  if (sent.every((v) => v.trim().toLowerCase() === 'nosniff')) return { verdict: 'PASS', note: 'nosniff' };
  return { verdict: 'WARN', note: `X-Content-Type-Options is "${clip(sent.join(', '))}", not nosniff` };
}

/** CSP directives by lower-cased name (the first of a repeated directive wins, as in browsers). */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, sources);
  }
  return directives;
}

export function framingRule(sample: HeaderSample): RuleOutcome {
  const csp = values(sample, 'content-security-policy');
  const ancestors = csp.map((policy) => parseCsp(policy).get('frame-ancestors')).find((d) => d !== undefined);
  if (ancestors !== undefined) {
    if (ancestors.some((source) => source === '*' || /^https?:$/i.test(source))) {
      return { verdict: 'WARN', note: `frame-ancestors ${clip(ancestors.join(' '))} allows any site` };
    }
    return { verdict: 'PASS', note: `frame-ancestors ${clip(ancestors.join(' '))}` };
  }
  const xfo = values(sample, 'x-frame-options');
  const missing: Verdict = sample.kind === 'html' ? 'FAIL' : 'WARN';
  if (xfo.length === 0) return { verdict: missing, note: 'neither X-Frame-Options nor CSP frame-ancestors' };
  if (xfo.length > 1) return { verdict: 'WARN', note: `X-Frame-Options sent ${xfo.length} times` };
  const value = (xfo[0] ?? '').trim().toUpperCase();
  if (value === 'DENY' || value === 'SAMEORIGIN') return { verdict: 'PASS', note: `X-Frame-Options ${value}` };
  return { verdict: missing, note: `X-Frame-Options "${clip(xfo[0] ?? '')}" is not DENY or SAMEORIGIN (browsers ignore it)` };
}

const SCRIPT_DIRECTIVES = ['script-src', 'script-src-elem', 'default-src'];

export function cspRule(sample: HeaderSample): RuleOutcome {
  const policies = values(sample, 'content-security-policy');
  if (policies.length === 0) {
    return sample.kind === 'html'
      ? { verdict: 'FAIL', note: 'Content-Security-Policy missing on an HTML page' }
      : { verdict: 'INFO', note: "no Content-Security-Policy (an API can send default-src 'none')" };
  }
  const problems: string[] = [];
  for (const policy of policies) {
    const csp = parseCsp(policy);
    const script = SCRIPT_DIRECTIVES.map((name) => csp.get(name)).find((d) => d !== undefined);
    if (script === undefined) problems.push('no script-src or default-src');
    else {
      const hasNonceOrHash = script.some((s) => /^'(nonce-|sha(256|384|512)-)/i.test(s));
      if (script.includes("'unsafe-inline'") && !hasNonceOrHash) problems.push("'unsafe-inline' scripts");
      if (script.includes("'unsafe-eval'")) problems.push("'unsafe-eval'");
    }
    for (const [name, sources] of csp) {
      if (sources.includes('*')) problems.push(`* in ${name}`);
      if (sources.some((s) => /^http:/i.test(s))) problems.push(`http: source in ${name}`);
    }
  }
  if (problems.length === 0) return { verdict: 'PASS', note: clip(policies.join(', ')) };
  return { verdict: sample.kind === 'html' ? 'FAIL' : 'WARN', note: `CSP allows ${[...new Set(problems)].join(', ')}` };
}

const SAFE_REFERRER = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
const UNSAFE_REFERRER = ['unsafe-url', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin'];

export function referrerPolicyRule(sample: HeaderSample): RuleOutcome {
  const sent = values(sample, 'referrer-policy');
  if (sent.length === 0) {
    return { verdict: sample.kind === 'html' ? 'WARN' : 'INFO', note: 'Referrer-Policy missing' };
  }
  // Browsers use the last value they recognise in a comma-separated list (fallbacks first).
  const tokens = sent.join(',').split(',').map((t) => t.trim().toLowerCase());
  const effective = tokens.filter((t) => SAFE_REFERRER.includes(t) || UNSAFE_REFERRER.includes(t)).at(-1);
  if (effective === undefined) return { verdict: 'WARN', note: `Referrer-Policy "${clip(sent.join(', '))}" is not a known policy` };
  if (UNSAFE_REFERRER.includes(effective)) return { verdict: 'WARN', note: `Referrer-Policy ${effective} leaks URLs to other sites` };
  return { verdict: 'PASS', note: `Referrer-Policy ${effective}` };
}

export function permissionsPolicyRule(sample: HeaderSample): RuleOutcome {
  const sent = values(sample, 'permissions-policy');
  if (sent.length === 0) {
    return { verdict: sample.kind === 'html' ? 'WARN' : 'INFO', note: 'Permissions-Policy missing' };
  }
  if (!sent.every((v) => /^\s*[a-z-]+=/i.test(v))) return { verdict: 'WARN', note: `Permissions-Policy "${clip(sent.join(', '))}" is malformed` };
  return { verdict: 'PASS', note: 'Permissions-Policy set' };
}

/** Only responses that set a cookie or challenge for credentials must not be stored. */
export function cacheControlRule(sample: HeaderSample): RuleOutcome {
  const setsCookie = values(sample, 'set-cookie').length > 0;
  const challenges = sample.status === 401 || values(sample, 'www-authenticate').length > 0;
  if (!setsCookie && !challenges) return { verdict: 'N/A', note: 'no cookie set and no auth challenge' };
  const why = setsCookie ? 'sets a cookie' : 'challenges for credentials';
  const directives = values(sample, 'cache-control').join(',').toLowerCase().split(',').map((d) => d.trim());
  if (directives.includes('no-store')) return { verdict: 'PASS', note: `${why} with Cache-Control no-store` };
  if (directives.includes('public')) return { verdict: 'FAIL', note: `${why} with Cache-Control public (shared caches may store it)` };
  return { verdict: 'WARN', note: `${why} without Cache-Control no-store` };
}

export function xXssProtectionRule(sample: HeaderSample): RuleOutcome {
  const sent = values(sample, 'x-xss-protection');
  if (sent.length === 0) return { verdict: 'PASS', note: 'X-XSS-Protection absent' };
  if (sent.every((v) => v.trim() === '0')) return { verdict: 'PASS', note: 'X-XSS-Protection: 0' };
  return { verdict: 'WARN', note: `X-XSS-Protection "${clip(sent.join(', '))}" turns on a filter that can be abused` };
}

export const headerRules: Readonly<Record<HeaderRuleId, (sample: HeaderSample) => RuleOutcome>> = {
  hsts: hstsRule,
  nosniff: nosniffRule,
  framing: framingRule,
  csp: cspRule,
  'referrer-policy': referrerPolicyRule,
  'permissions-policy': permissionsPolicyRule,
  'cache-control': cacheControlRule,
  'x-xss-protection': xXssProtectionRule,
};
