// CORS: does the target grant cross-origin reads to origins it cannot know? Sends GET and a
// preflight with an unknown origin, `null`, two look-alikes of the target's own host and (for
// https targets) the http variant, then grades what Access-Control-Allow-* answered.
import type { AuditContext, Check, Finding, ProbeResponse } from './types.js';

export interface OriginVariant {
  readonly label: string;
  readonly origin: string;
}

/** The hostile origins to try, derived from the target (look-alikes must look like it). */
export function originVariants(target: URL): OriginVariant[] {
  const port = target.port === '' ? '' : `:${target.port}`;
  const variants: OriginVariant[] = [
    { label: 'unknown origin', origin: 'https://rampart-audit.evil.test' },
    { label: 'null origin', origin: 'null' },
    { label: 'look-alike origin (suffix)', origin: `${target.protocol}//${target.hostname}.evil.test${port}` },
    { label: 'look-alike origin (prefix)', origin: `${target.protocol}//evil${target.hostname.replace(/^\[|\]$/g, '')}${port}` },
  ];
  if (target.protocol === 'https:') variants.push({ label: 'http origin for an https site', origin: `http://${target.host}` });
  return variants;
}

export const PROBE_HEADER = 'x-rampart-audit-probe';

export interface CorsAnswer {
  readonly allowOrigin: string | undefined;
  readonly credentials: boolean;
  readonly varyOrigin: boolean;
  readonly allowMethods: string;
  readonly allowHeaders: string;
}

const first = (response: ProbeResponse, name: string) => response.headers[name]?.[0]?.trim();

export function corsAnswer(response: ProbeResponse): CorsAnswer {
  const vary = (response.headers.vary ?? []).join(',').toLowerCase().split(',').map((v) => v.trim());
  return {
    allowOrigin: first(response, 'access-control-allow-origin'),
    credentials: first(response, 'access-control-allow-credentials')?.toLowerCase() === 'true',
    varyOrigin: vary.includes('origin') || vary.includes('*'),
    allowMethods: (response.headers['access-control-allow-methods'] ?? []).join(','),
    allowHeaders: (response.headers['access-control-allow-headers'] ?? []).join(',').toLowerCase(),
  };
}

interface Exchange {
  readonly variant: OriginVariant;
  readonly kind: 'GET' | 'preflight';
  readonly response: ProbeResponse;
  readonly answer: CorsAnswer;
}

async function exchanges(context: AuditContext): Promise<Exchange[]> {
  const probes = originVariants(context.target).flatMap((variant) => [
    context.probe({ headers: { origin: variant.origin } }).then((response) => ({ variant, kind: 'GET' as const, response })),
    context
      .probe({
        method: 'OPTIONS',
        headers: { origin: variant.origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': PROBE_HEADER },
      })
      .then((response) => ({ variant, kind: 'preflight' as const, response })),
  ]);
  return (await Promise.all(probes)).map((exchange) => ({ ...exchange, answer: corsAnswer(exchange.response) }));
}

const FIX_ALLOWLIST =
  'Compare the Origin header, parsed as a URL, against an exact allowlist of scheme://host:port; never echo it back, never allow `null`, and send credentials only to allowlisted origins.';

function variantFinding(variant: OriginVariant, seen: readonly Exchange[]): Finding {
  const reflected = seen.filter((e) => e.answer.allowOrigin === variant.origin);
  const url = seen[0]?.response.url ?? '';
  const title = `CORS ${variant.label}`;
  if (reflected.length === 0) return { verdict: 'PASS', title, detail: `${variant.origin} was not granted access.`, url };
  const how = reflected.map((e) => e.kind).join(' and ');
  const withCredentials = reflected.some((e) => e.answer.credentials);
  if (withCredentials) {
    return {
      verdict: 'FAIL',
      severity: 'critical',
      title,
      detail: `${variant.origin} was allowed on ${how} together with Access-Control-Allow-Credentials: true: any site can read authenticated responses.`,
      url,
      fix: FIX_ALLOWLIST,
    };
  }
  return {
    verdict: 'WARN',
    title,
    detail: `${variant.origin} was allowed on ${how} (without credentials).`,
    url,
    fix: FIX_ALLOWLIST,
  };
}

function wildcardFinding(all: readonly Exchange[], url: string): Finding {
  const star = all.filter((e) => e.answer.allowOrigin === '*');
  const title = 'CORS wildcard origin';
  if (star.length === 0) return { verdict: 'PASS', title, detail: 'No Access-Control-Allow-Origin: * seen.', url };
  if (star.some((e) => e.answer.credentials)) {
    return {
      verdict: 'WARN',
      title,
      detail: 'Access-Control-Allow-Origin: * is sent with Access-Control-Allow-Credentials: true (browsers refuse the pair; the intent is unsafe).',
      url,
      fix: 'Drop the credentials header for public resources, or replace * with an exact allowlist.',
    };
  }
  return { verdict: 'INFO', title, detail: 'Access-Control-Allow-Origin: * (public, no credentials): fine for public data only.', url };
}

function varyFinding(all: readonly Exchange[], url: string): Finding {
  const origins = new Set(all.map((e) => e.answer.allowOrigin).filter((o): o is string => o !== undefined && o !== '*'));
  const dynamic = all.some((e) => e.answer.allowOrigin === e.variant.origin) || origins.size > 1;
  const title = 'CORS Vary: Origin';
  if (!dynamic) return { verdict: 'N/A', title, detail: 'Access-Control-Allow-Origin does not depend on the request origin.', url };
  const missing = all.filter((e) => e.answer.allowOrigin !== undefined && e.answer.allowOrigin !== '*' && !e.answer.varyOrigin);
  if (missing.length === 0) return { verdict: 'PASS', title, detail: 'Dynamic Access-Control-Allow-Origin is sent with Vary: Origin.', url };
  return {
    verdict: 'WARN',
    title,
    detail: `Access-Control-Allow-Origin changes with the request but ${missing.length} response(s) lack Vary: Origin (caches may serve one origin's answer to another).`,
    url: missing[0]?.response.url ?? url,
    fix: 'Send Vary: Origin on every response whose CORS headers depend on the Origin header.',
  };
}

const EVERY_UNSAFE_METHOD = ['DELETE', 'PATCH', 'POST', 'PUT'] as const;

function preflightFinding(all: readonly Exchange[], url: string): Finding {
  const granted = all.filter((e) => e.kind === 'preflight' && e.answer.allowOrigin !== undefined && (e.answer.allowOrigin === '*' || e.answer.allowOrigin === e.variant.origin));
  const title = 'CORS preflight methods and headers';
  if (granted.length === 0) return { verdict: 'N/A', title, detail: 'No preflight from a foreign origin was granted.', url };
  const problems = new Set<string>();
  for (const exchange of granted) {
    const methods = exchange.answer.allowMethods.split(',').map((m) => m.trim().toUpperCase());
    if (methods.includes('*')) problems.add('Access-Control-Allow-Methods: *');
    // Starlette (FastAPI) and others expand allow_methods=["*"] into the full list.
    else if (EVERY_UNSAFE_METHOD.every((method) => methods.includes(method))) {
      problems.add(`every state-changing method allowed (${EVERY_UNSAFE_METHOD.join(', ')}: a wildcard written out)`);
    }
    if (exchange.answer.allowHeaders.split(',').some((h) => h.trim() === PROBE_HEADER)) problems.add(`the requested header ${PROBE_HEADER} was echoed in Access-Control-Allow-Headers`);
    if (exchange.answer.allowHeaders.split(',').some((h) => h.trim() === '*')) problems.add('Access-Control-Allow-Headers: *');
  }
  if (problems.size === 0) return { verdict: 'PASS', title, detail: 'Granted preflights list explicit methods and headers.', url };
  return {
    verdict: 'WARN',
    title,
    detail: `A foreign-origin preflight was granted with ${[...problems].join(' and ')}.`,
    url: granted[0]?.response.url ?? url,
    fix: 'List the allowed methods and request headers explicitly instead of `*` or echoing Access-Control-Request-Headers.',
  };
}

export const corsCheck: Check = {
  id: 'cors',
  title: 'CORS policy',
  category: 'A01:2021-Broken Access Control',
  description:
    'Sends GET and an OPTIONS preflight with hostile Origin headers (an unknown site, `null`, look-alikes of the target such as https://<host>.evil.test and https://evil<host>, and http:// for an https target). A reflected origin with Access-Control-Allow-Credentials: true is FAIL (critical), a reflected origin without credentials WARN, `*` INFO, `*` with credentials WARN, a dynamic allow-origin without Vary: Origin WARN, and a granted preflight with wildcard methods (`*`, or every state-changing method listed) or echoed request headers WARN.',
  enabledByDefault: true,
  async run(context) {
    const all = await exchanges(context);
    const url = all[0]?.response.url ?? context.target.href;
    const findings = originVariants(context.target).map((variant) =>
      variantFinding(variant, all.filter((e) => e.variant.origin === variant.origin)),
    );
    if (context.target.protocol !== 'https:') {
      findings.push({ verdict: 'N/A', title: 'CORS http origin for an https site', detail: 'The target is plain http.', url });
    }
    return [...findings, wildcardFinding(all, url), varyFinding(all, url), preflightFinding(all, url)];
  },
};
