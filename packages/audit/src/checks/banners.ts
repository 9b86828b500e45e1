// Banners: headers that tell an attacker which software and version to look up, and debug
// headers that point at profilers or log dumps. Read from responses the audit already has
// (the target and the unknown-path baseline) plus one malformed-JSON error response.
import { malformedJsonResponse } from './shared-probes.js';
import type { AuditContext, Check, Finding, ProbeResponse } from './types.js';

/** A product token followed by something that looks like a version: nginx/1.25.3, Apache/2.4, Kestrel 8.0. */
const VERSION = /[a-z][\w.-]*[/ (]v?\d+(\.\d+)*/i;

export function serverHasVersion(value: string): boolean {
  return VERSION.test(value);
}

interface BannerRule {
  readonly title: string;
  readonly headers: readonly string[];
  /** Verdict when present; `version` = only when the value carries a version. */
  readonly when: 'present' | 'version';
  readonly verdict: 'WARN' | 'FAIL';
  readonly fix: string;
}

export const bannerRules: readonly BannerRule[] = [
  {
    title: 'Server version banner',
    headers: ['server'],
    when: 'version',
    verdict: 'WARN',
    fix: 'Strip the version from the Server header (nginx: server_tokens off; Apache: ServerTokens Prod) or drop the header.',
  },
  {
    title: 'X-Powered-By banner',
    headers: ['x-powered-by', 'x-generator', 'x-powered-cms'],
    when: 'present',
    verdict: 'WARN',
    fix: "Remove X-Powered-By and similar headers (Express: app.disable('x-powered-by'); PHP: expose_php = Off).",
  },
  {
    title: 'ASP.NET version headers',
    headers: ['x-aspnet-version', 'x-aspnetmvc-version', 'x-sourcefiles'],
    when: 'present',
    verdict: 'WARN',
    fix: 'Remove X-AspNet-Version (httpRuntime enableVersionHeader="false"), X-AspNetMvc-Version (MvcHandler.DisableMvcResponseHeader) and X-SourceFiles (debug builds).',
  },
  {
    title: 'Debug headers',
    headers: ['x-debug-token', 'x-debug-token-link', 'x-chromelogger-data', 'x-chromephp-data', 'x-debug-info', 'x-debugbar-id', 'x-clockwork-id'],
    when: 'present',
    verdict: 'FAIL',
    fix: 'Turn off the profiler / debug toolbar in production (Symfony web profiler, Laravel Debugbar or Clockwork, ChromeLogger).',
  },
];

async function responses(context: AuditContext): Promise<ProbeResponse[]> {
  const [baseline, notFound, badBody] = await Promise.all([
    context.baseline(),
    context.notFoundBaseline(),
    malformedJsonResponse(context),
  ]);
  return [baseline, notFound, badBody];
}

export function gradeBanners(seen: readonly ProbeResponse[], env: AuditContext['env']): Finding[] {
  const url = seen[0]?.url ?? '';
  return bannerRules.map((rule) => {
    const hits: Array<{ header: string; value: string; url: string }> = [];
    for (const response of seen) {
      for (const header of rule.headers) {
        for (const value of response.headers[header] ?? []) {
          if (rule.when === 'version' && !serverHasVersion(value)) continue;
          if (!hits.some((h) => h.header === header && h.value === value)) hits.push({ header, value, url: response.url });
        }
      }
    }
    if (hits.length === 0) return { verdict: 'PASS' as const, title: rule.title, detail: `None of ${rule.headers.join(', ')} seen${rule.when === 'version' ? ' with a version' : ''}.`, url };
    // Debug headers are expected on a development server: still reported, but not a failure there.
    const verdict = rule.verdict === 'FAIL' && env === 'development' ? 'WARN' : rule.verdict;
    return {
      verdict,
      title: rule.title,
      detail: hits.map((h) => `${h.header}: ${h.value.slice(0, 60)}`).join('; '),
      url: hits[0]?.url ?? url,
      fix: rule.fix,
      ...(verdict === 'FAIL' ? { severity: 'high' as const } : {}),
    };
  });
}

export const bannersCheck: Check = {
  id: 'banners',
  title: 'Version and debug banners',
  category: 'A05:2021-Security Misconfiguration',
  description:
    'Reads the headers of the target, an unknown path and a malformed JSON request for banners: a Server header with a version, X-Powered-By (and X-Generator), X-AspNet-Version, X-AspNetMvc-Version and X-SourceFiles are WARN; debug headers of profilers and debug toolbars (X-Debug-Token, X-Debug-Token-Link, X-ChromeLogger-Data, X-Debugbar-Id, X-Clockwork-Id) are FAIL (WARN with --env development).',
  enabledByDefault: true,
  async run(context) {
    return gradeBanners(await responses(context), context.env);
  },
};
