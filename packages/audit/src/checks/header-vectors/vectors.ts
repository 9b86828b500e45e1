// Header test vectors: a header set -> the verdict our rule must give. Our own data, each row
// naming the published rule it was derived from:
//   Observatory = Mozilla HTTP Observatory, httpobs/scanner/analyzer/headers.py (test result names)
//   drHEADer    = Santander drHEADer, drheader/rules.yml (default policy)
//   ZAP         = OWASP ZAP passive scan rules (rule id and alert name)
// Where we are stricter than the source (HSTS: one year, not six months), the row says so.
import type { ContentKind, HeaderRuleId } from '../headers-rules.js';
import type { Verdict } from '../types.js';

export interface HeaderVector {
  readonly source: string;
  readonly rule: HeaderRuleId;
  readonly https: boolean;
  readonly kind: ContentKind;
  readonly status?: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly expected: Verdict;
}

const YEAR = 'max-age=31536000';
const page = { https: true, kind: 'html' } as const;
const api = { https: true, kind: 'api' } as const;

export const headerVectors: readonly HeaderVector[] = [
  // HSTS
  { source: 'Observatory strict-transport-security-not-implemented', rule: 'hsts', ...api, headers: {}, expected: 'FAIL' },
  { source: 'Observatory strict-transport-security-implemented-max-age-at-least-six-months; drHEADer Value max-age=31536000', rule: 'hsts', ...api, headers: { 'strict-transport-security': `${YEAR}; includeSubDomains` }, expected: 'PASS' },
  { source: 'Observatory strict-transport-security-implemented-max-age-less-than-six-months', rule: 'hsts', ...api, headers: { 'strict-transport-security': 'max-age=300' }, expected: 'WARN' },
  { source: 'stricter than Observatory (six months passes there): we require one year like drHEADer', rule: 'hsts', ...api, headers: { 'strict-transport-security': 'max-age=15768000' }, expected: 'WARN' },
  { source: 'Observatory strict-transport-security-header-invalid', rule: 'hsts', ...api, headers: { 'strict-transport-security': 'includeSubDomains' }, expected: 'FAIL' },
  { source: 'ZAP 10035 Strict-Transport-Security Disabled (max-age=0)', rule: 'hsts', ...api, headers: { 'strict-transport-security': 'max-age=0' }, expected: 'FAIL' },
  { source: 'ZAP 10035 Strict-Transport-Security Multiple Header Entries', rule: 'hsts', ...api, headers: { 'strict-transport-security': [YEAR, YEAR] }, expected: 'FAIL' },
  { source: 'ZAP 10035 Strict-Transport-Security Malformed Content (quoted max-age)', rule: 'hsts', ...api, headers: { 'strict-transport-security': 'max-age="31536000"' }, expected: 'FAIL' },
  { source: 'RFC 6797 6.1: directives appear at most once (Observatory header-invalid)', rule: 'hsts', ...api, headers: { 'strict-transport-security': `${YEAR}; max-age=10` }, expected: 'FAIL' },
  { source: 'ZAP 10035 Strict-Transport-Security Header on Plain HTTP Response (ignored)', rule: 'hsts', https: false, kind: 'api', headers: { 'strict-transport-security': YEAR }, expected: 'N/A' },
  // X-Content-Type-Options
  { source: 'Observatory x-content-type-options-nosniff; drHEADer Value nosniff', rule: 'nosniff', ...api, headers: { 'x-content-type-options': 'nosniff' }, expected: 'PASS' },
  { source: 'Observatory x-content-type-options-not-implemented; ZAP 10021', rule: 'nosniff', ...api, headers: {}, expected: 'WARN' },
  { source: 'ZAP 10021 at LOW threshold: error responses are graded too', rule: 'nosniff', ...api, status: 404, headers: {}, expected: 'WARN' },
  { source: 'Observatory x-content-type-options-header-invalid', rule: 'nosniff', ...api, headers: { 'x-content-type-options': 'sniff-away' }, expected: 'WARN' },
  // Framing
  { source: 'Observatory x-frame-options-sameorigin-or-deny; drHEADer Value SAMEORIGIN/DENY', rule: 'framing', ...page, headers: { 'x-frame-options': 'DENY' }, expected: 'PASS' },
  { source: 'Observatory x-frame-options-sameorigin-or-deny', rule: 'framing', ...page, headers: { 'x-frame-options': 'sameorigin' }, expected: 'PASS' },
  { source: 'Observatory x-frame-options-implemented-via-csp; ZAP 10020 (frame-ancestors takes precedence)', rule: 'framing', ...page, headers: { 'content-security-policy': "frame-ancestors 'none'" }, expected: 'PASS' },
  { source: 'Observatory x-frame-options-not-implemented; ZAP 10020 Missing Anti-clickjacking Header', rule: 'framing', ...page, headers: {}, expected: 'FAIL' },
  { source: 'ZAP 10020 only grades HTML at default threshold: an API without framing headers is WARN here', rule: 'framing', ...api, headers: {}, expected: 'WARN' },
  { source: 'ZAP 10020 X-Frame-Options Setting Malformed (ALLOW-FROM is obsolete)', rule: 'framing', ...page, headers: { 'x-frame-options': 'ALLOW-FROM https://a.example' }, expected: 'FAIL' },
  { source: 'ZAP 10020 Multiple X-Frame-Options Header Entries', rule: 'framing', ...page, headers: { 'x-frame-options': ['DENY', 'SAMEORIGIN'] }, expected: 'WARN' },
  { source: 'CSP3 frame-ancestors *: any site may frame the page', rule: 'framing', ...page, headers: { 'content-security-policy': 'frame-ancestors *' }, expected: 'WARN' },
  // CSP
  { source: 'Observatory csp-implemented-with-no-unsafe; drHEADer Must-Contain-One default-src none/self', rule: 'csp', ...page, headers: { 'content-security-policy': "default-src 'self'; object-src 'none'" }, expected: 'PASS' },
  { source: 'Observatory csp-not-implemented; ZAP 10038 Content Security Policy (CSP) Header Not Set', rule: 'csp', ...page, headers: {}, expected: 'FAIL' },
  { source: 'ZAP 10038 is raised for HTML only: an API without CSP is INFO here', rule: 'csp', ...api, headers: {}, expected: 'INFO' },
  { source: 'Observatory csp-implemented-with-unsafe-inline; drHEADer Must-Avoid unsafe-inline; ZAP 10055', rule: 'csp', ...page, headers: { 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'" }, expected: 'FAIL' },
  { source: "CSP3: 'unsafe-inline' is ignored next to a nonce (Observatory passes it)", rule: 'csp', ...page, headers: { 'content-security-policy': "script-src 'nonce-abc123' 'unsafe-inline'" }, expected: 'PASS' },
  { source: "CSP3: a hash also disables 'unsafe-inline'", rule: 'csp', ...page, headers: { 'content-security-policy': "default-src 'sha256-AAAA' 'unsafe-inline'" }, expected: 'PASS' },
  { source: 'Observatory csp-implemented-with-unsafe-eval; drHEADer Must-Avoid unsafe-eval; ZAP 10055', rule: 'csp', ...page, headers: { 'content-security-policy': "script-src 'self' 'unsafe-eval'" }, expected: 'FAIL' },
  { source: 'ZAP 10055 Wildcard Directive', rule: 'csp', ...page, headers: { 'content-security-policy': "default-src 'self'; img-src *" }, expected: 'FAIL' },
  { source: 'Observatory csp-implemented-with-insecure-scheme', rule: 'csp', ...page, headers: { 'content-security-policy': "default-src 'self' http://cdn.example" }, expected: 'FAIL' },
  { source: 'Observatory csp-implemented-with-insecure-scheme (scheme source)', rule: 'csp', ...page, headers: { 'content-security-policy': "default-src 'self'; script-src http:" }, expected: 'FAIL' },
  { source: "OWASP REST Security Cheat Sheet: APIs send default-src 'none'", rule: 'csp', ...api, headers: { 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" }, expected: 'PASS' },
  // Referrer-Policy
  { source: 'Observatory referrer-policy-private; drHEADer Must-Contain-One no-referrer', rule: 'referrer-policy', ...page, headers: { 'referrer-policy': 'no-referrer' }, expected: 'PASS' },
  { source: 'Observatory referrer-policy-private (strict-origin-when-cross-origin)', rule: 'referrer-policy', ...page, headers: { 'referrer-policy': 'strict-origin-when-cross-origin' }, expected: 'PASS' },
  { source: 'Observatory referrer-policy-unsafe', rule: 'referrer-policy', ...page, headers: { 'referrer-policy': 'unsafe-url' }, expected: 'WARN' },
  { source: 'Observatory referrer-policy-unsafe (no-referrer-when-downgrade)', rule: 'referrer-policy', ...page, headers: { 'referrer-policy': 'no-referrer-when-downgrade' }, expected: 'WARN' },
  { source: 'Observatory referrer-policy-header-invalid', rule: 'referrer-policy', ...page, headers: { 'referrer-policy': 'everything-please' }, expected: 'WARN' },
  { source: 'Observatory: the last recognised value of a fallback list wins', rule: 'referrer-policy', ...page, headers: { 'referrer-policy': 'no-referrer, strict-origin-when-cross-origin' }, expected: 'PASS' },
  { source: 'Observatory referrer-policy-not-implemented (HTML)', rule: 'referrer-policy', ...page, headers: {}, expected: 'WARN' },
  { source: 'Referrer-Policy matters little on JSON: missing is INFO on an API', rule: 'referrer-policy', ...api, headers: {}, expected: 'INFO' },
  // Permissions-Policy
  { source: 'ZAP 10063 Permissions Policy Header Not Set (HTML)', rule: 'permissions-policy', ...page, headers: {}, expected: 'WARN' },
  { source: 'ZAP 10063 is raised for HTML/JS only: an API without it is INFO here', rule: 'permissions-policy', ...api, headers: {}, expected: 'INFO' },
  { source: 'ZAP 10063 (header present)', rule: 'permissions-policy', ...page, headers: { 'permissions-policy': 'camera=(), geolocation=()' }, expected: 'PASS' },
  // Cache-Control on credentials
  { source: 'drHEADer Cache-Control no-store; ZAP 10015 Re-examine Cache-control Directives', rule: 'cache-control', ...api, headers: { 'set-cookie': 'sid=1; HttpOnly', 'cache-control': 'no-store' }, expected: 'PASS' },
  { source: 'ZAP 10015 (a cookie-setting response without no-store)', rule: 'cache-control', ...api, headers: { 'set-cookie': 'sid=1; HttpOnly' }, expected: 'WARN' },
  { source: 'ZAP 10015 (public on a cookie-setting response)', rule: 'cache-control', ...api, headers: { 'set-cookie': 'sid=1', 'cache-control': 'public, max-age=600' }, expected: 'FAIL' },
  { source: 'ZAP 10015 (a 401 challenge without no-store)', rule: 'cache-control', ...api, status: 401, headers: { 'www-authenticate': 'Bearer' }, expected: 'WARN' },
  { source: 'no cookie and no challenge: nothing to cache-protect', rule: 'cache-control', ...api, headers: {}, expected: 'N/A' },
  // X-XSS-Protection
  { source: 'OWASP Secure Headers Project: X-XSS-Protection 0 (drHEADer leaves it optional)', rule: 'x-xss-protection', ...page, headers: { 'x-xss-protection': '0' }, expected: 'PASS' },
  { source: 'OWASP Secure Headers Project: the auditor filter is abusable (Observatory x-xss-protection-enabled-mode-block no longer scored)', rule: 'x-xss-protection', ...page, headers: { 'x-xss-protection': '1; mode=block' }, expected: 'WARN' },
  { source: 'absent is fine in current browsers', rule: 'x-xss-protection', ...page, headers: {}, expected: 'PASS' },
];
