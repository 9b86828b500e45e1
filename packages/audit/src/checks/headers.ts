// Security headers, judged by content type (an HTML page needs a CSP and framing protection; a
// JSON API mostly needs nosniff, HSTS and no-store on credentials), on the target AND on error
// responses: a 404 to an unknown path and the answer to a malformed JSON body (400/405/415).
import { malformedJsonResponse } from './shared-probes.js';
import { headerRules, isHtml, type HeaderRuleId, type HeaderSample, type RuleOutcome } from './headers-rules.js';
import type { AuditContext, Check, Finding, ProbeResponse, Verdict } from './types.js';

const ruleText: Record<HeaderRuleId, { title: string; fix: string }> = {
  hsts: {
    title: 'Strict-Transport-Security',
    fix: 'Send exactly one `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every https response, errors included.',
  },
  nosniff: { title: 'X-Content-Type-Options', fix: 'Send `X-Content-Type-Options: nosniff` on every response, errors included.' },
  framing: {
    title: 'Framing protection',
    fix: "Send `Content-Security-Policy: frame-ancestors 'none'` (and `X-Frame-Options: DENY` for old browsers) on every response.",
  },
  csp: {
    title: 'Content-Security-Policy',
    fix: "HTML: a CSP without 'unsafe-inline' (use nonces or hashes), 'unsafe-eval', `*` or http: sources. APIs: `default-src 'none'; frame-ancestors 'none'`.",
  },
  'referrer-policy': { title: 'Referrer-Policy', fix: 'Send `Referrer-Policy: no-referrer` (or strict-origin-when-cross-origin for pages).' },
  'permissions-policy': {
    title: 'Permissions-Policy',
    fix: 'Send a Permissions-Policy that turns off what the site does not use, e.g. `camera=(), microphone=(), geolocation=()`.',
  },
  'cache-control': {
    title: 'Cache-Control on credentials',
    fix: 'Send `Cache-Control: no-store` on every response that sets a cookie or answers 401 / WWW-Authenticate.',
  },
  'x-xss-protection': {
    title: 'X-XSS-Protection',
    fix: 'Remove X-XSS-Protection or send `X-XSS-Protection: 0`; rely on a Content-Security-Policy instead.',
  },
};

const rank: Record<Verdict, number> = { 'N/A': 0, PASS: 1, INFO: 2, WARN: 3, FAIL: 4 };

interface Graded {
  readonly response: ProbeResponse;
  readonly outcome: RuleOutcome;
}

/** The responses this check grades: the target, an unknown path, and a malformed JSON body. */
async function gradedResponses(context: AuditContext): Promise<ProbeResponse[]> {
  const [baseline, notFound, badBody] = await Promise.all([
    context.baseline(),
    context.notFoundBaseline(),
    malformedJsonResponse(context),
  ]);
  return [baseline, notFound, badBody];
}

export function sampleOf(response: ProbeResponse, https: boolean): HeaderSample {
  return { status: response.status, headers: response.headers, kind: isHtml(response.contentType, response.body) ? 'html' : 'api', https };
}

function describe(graded: Graded): string {
  const path = new URL(graded.response.url).pathname;
  return `${graded.response.status} ${graded.response.method} ${path}: ${graded.outcome.note}`;
}

export function aggregate(rule: HeaderRuleId, graded: readonly Graded[]): Finding {
  const worst = graded.reduce((a, b) => (rank[b.outcome.verdict] > rank[a.outcome.verdict] ? b : a));
  const verdict = worst.outcome.verdict;
  const { title, fix } = ruleText[rule];
  const applicable = graded.filter((g) => g.outcome.verdict !== 'N/A');
  const detail =
    verdict === 'PASS' || verdict === 'N/A'
      ? `${worst.outcome.note} (${applicable.length || graded.length} response${graded.length === 1 ? '' : 's'} graded: ${graded.map((g) => g.response.status).join(', ')})`
      : graded.filter((g) => g.outcome.verdict === verdict).map(describe).join('; ');
  return {
    verdict,
    title,
    detail,
    url: worst.response.url,
    ...(verdict === 'WARN' || verdict === 'FAIL' ? { fix } : {}),
    ...(rule === 'hsts' && verdict === 'FAIL' ? { severity: 'high' as const } : {}),
  };
}

export const headersCheck: Check = {
  id: 'headers',
  title: 'Security headers',
  category: 'A05:2021-Security Misconfiguration',
  description:
    'Fetches the target, an unknown path (404) and a malformed JSON body (400/405/415) and grades each response by its content type: HSTS on https (one header, max-age of a year or more), X-Content-Type-Options nosniff, framing protection (frame-ancestors or X-Frame-Options), a Content-Security-Policy without unsafe-inline, unsafe-eval, * or http: sources for HTML, Referrer-Policy, Permissions-Policy, Cache-Control no-store on responses that set cookies or challenge for credentials, and X-XSS-Protection absent or 0. The worst response decides each rule.',
  enabledByDefault: true,
  async run(context) {
    const https = context.target.protocol === 'https:';
    const responses = await gradedResponses(context);
    const samples = responses.map((response) => ({ response, sample: sampleOf(response, https) }));
    return (Object.keys(headerRules) as HeaderRuleId[]).map((rule) =>
      aggregate(
        rule,
        samples.map(({ response, sample }) => ({ response, outcome: headerRules[rule](sample) })),
      ),
    );
  },
};
