// Debug and documentation exposure: API docs, GraphQL introspection, source-control and
// environment files, framework debug consoles and actuators, metrics.
// A probe is a finding only when the response is 2xx, its content type fits the artefact,
// its body carries the artefact's signature, and the not-found baseline does not carry the
// same signature (a catch-all 200 that echoes anything is not an exposure).
import { analysedPart } from './analysis-limits.js';
import type { AuditContext, Check, Finding, ProbeResponse } from './types.js';

/** How bad an exposure is: secrets always fail; docs and metrics depend on --env. */
type Kind = 'secret' | 'debug' | 'docs' | 'metrics';

interface Exposure {
  readonly path: string;
  readonly what: string;
  readonly kind: Kind;
  /** Content types the artefact is served with (substring match); empty means any but HTML. */
  readonly contentTypes: readonly string[];
  readonly signature: (body: string) => boolean;
  readonly method?: 'POST';
  readonly body?: string;
}

const json = ['json'];
const html = ['text/html'];
const text: readonly string[] = [];

function parsesAsObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const openApiDocument = (body: string): boolean => {
  const doc = parsesAsObject(body);
  return doc !== undefined && (typeof doc.openapi === 'string' || typeof doc.swagger === 'string') && 'paths' in doc;
};
const openApiYaml = (body: string): boolean => /^(openapi|swagger):\s*['"]?\d/m.test(body) && /^paths:/m.test(body);
const docsPage = (body: string): boolean => /swagger-ui|<redoc|redoc\.standalone|id="redoc"|rapi-doc|scalar/i.test(body);
const graphqlSchema = (body: string): boolean => {
  const data = parsesAsObject(body)?.data;
  return typeof data === 'object' && data !== null && '__schema' in data;
};
const dotenv = (body: string): boolean =>
  !/<html|<!doctype/i.test(body) && (analysedPart(body).match(/^[ \t]*(?:export[ \t]+)?[A-Z][A-Z0-9_]*[ \t]*=/gm) ?? []).length >= 2;

export const exposures: readonly Exposure[] = [
  ...['/openapi.json', '/swagger.json', '/api-docs', '/v2/api-docs', '/v3/api-docs', '/api/openapi.json',
    '/documentation/json', '/api-docs.json'].map(
    (path): Exposure => ({ path, what: 'OpenAPI document', kind: 'docs', contentTypes: json, signature: openApiDocument }),
  ),
  ...['/openapi.yaml', '/swagger.yaml'].map(
    (path): Exposure => ({ path, what: 'OpenAPI document', kind: 'docs', contentTypes: ['yaml', 'text/plain'], signature: openApiYaml }),
  ),
  ...['/docs', '/docs/', '/api-docs/', '/swagger-ui.html', '/swagger-ui/', '/swagger/', '/redoc', '/documentation/'].map(
    (path): Exposure => ({ path, what: 'API documentation UI', kind: 'docs', contentTypes: html, signature: docsPage }),
  ),
  {
    path: '/graphql',
    what: 'GraphQL introspection',
    kind: 'docs',
    method: 'POST',
    body: JSON.stringify({ query: '{__schema{queryType{name}}}' }),
    contentTypes: json,
    signature: graphqlSchema,
  },
  { path: '/.env', what: 'environment file (.env)', kind: 'secret', contentTypes: text, signature: dotenv },
  {
    path: '/.git/config',
    what: 'Git repository config',
    kind: 'secret',
    contentTypes: text,
    signature: (b) => /^[ \t]*\[core\]/m.test(b) && /repositoryformatversion/.test(b),
  },
  {
    path: '/.git/HEAD',
    what: 'Git HEAD',
    kind: 'secret',
    contentTypes: text,
    signature: (b) => /^(ref: refs\/|[0-9a-f]{40}\s*$)/.test(b.trim()),
  },
  {
    path: '/actuator/env',
    what: 'Spring Boot actuator environment',
    kind: 'secret',
    contentTypes: json,
    signature: (b) => /"propertySources"|"activeProfiles"/.test(b),
  },
  {
    path: '/actuator',
    what: 'Spring Boot actuator index',
    kind: 'debug',
    contentTypes: json,
    signature: (b) => /"_links"\s*:/.test(b) && /actuator/.test(b),
  },
  {
    path: '/_ignition/health-check',
    what: 'Laravel Ignition debug endpoint',
    kind: 'debug',
    contentTypes: json,
    signature: (b) => /"can_execute_commands"/.test(b),
  },
  {
    path: '/rails/info/properties',
    what: 'Rails info page',
    kind: 'debug',
    contentTypes: html,
    signature: (b) => /Rails version/i.test(b) && /Ruby version/i.test(b),
  },
  ...['/phpinfo.php', '/info.php'].map(
    (path): Exposure => ({
      path,
      what: 'PHP info page',
      kind: 'secret',
      contentTypes: html,
      signature: (b) => /phpinfo\(\)|<title>PHP \d/i.test(b) && /PHP Version/i.test(b),
    }),
  ),
  {
    path: '/_profiler/',
    what: 'Symfony profiler',
    kind: 'debug',
    contentTypes: html,
    signature: (b) => /Symfony Profiler/i.test(b),
  },
  {
    path: '/console',
    what: 'Werkzeug interactive console',
    kind: 'secret',
    contentTypes: html,
    signature: (b) => /Werkzeug/i.test(b) && /console/i.test(b),
  },
  {
    path: '/debug/vars',
    what: 'Go expvar',
    kind: 'debug',
    contentTypes: json,
    signature: (b) => /"cmdline"\s*:/.test(b) && /"memstats"\s*:/.test(b),
  },
  {
    path: '/debug/pprof/',
    what: 'Go pprof',
    kind: 'debug',
    contentTypes: html,
    signature: (b) => /Types of profiles available/i.test(b),
  },
  {
    path: '/metrics',
    what: 'Prometheus metrics',
    kind: 'metrics',
    contentTypes: ['text/plain', 'openmetrics'],
    signature: (b) => /^# (HELP|TYPE) \w+/m.test(b),
  },
];

/** Debug pages that show up on any unknown route (framework debug mode), read from the not-found baseline. */
const debugErrorPages: readonly { what: string; signature: (body: string) => boolean }[] = [
  { what: 'Django debug page', signature: (b) => /You're seeing this error because you have <code>DEBUG = True<\/code>/.test(b) },
  // "A, then later B": one indexOf each (a `A[\s\S]*B` regex restarts at every A: quadratic).
  { what: 'Rails routing error page', signature: (b) => follows(b, 'Routing Error', /Rails\.root/) },
  { what: 'Laravel/Whoops debug page', signature: (b) => /Whoops, looks like something went wrong|ignition-|Illuminate\\/.test(b) },
  { what: 'Spring Whitelabel error page with trace', signature: (b) => follows(b, 'Whitelabel Error Page', /at [\w.$]+\(/) },
];

/** True when `after` matches somewhere after the first `marker`, scanning the analysed part once. */
function follows(body: string, marker: string, after: RegExp): boolean {
  const text = analysedPart(body);
  const at = text.indexOf(marker);
  return at !== -1 && after.test(text.slice(at + marker.length));
}

function contentTypeFits(exposure: Exposure, contentType: string): boolean {
  const type = contentType.toLowerCase();
  if (exposure.contentTypes.length === 0) return !type.includes('text/html');
  return exposure.contentTypes.some((fragment) => type.includes(fragment));
}

function isExposed(exposure: Exposure, response: ProbeResponse, notFound: ProbeResponse): boolean {
  if (response.status < 200 || response.status > 299) return false;
  if (!contentTypeFits(exposure, response.contentType) || !exposure.signature(response.body)) return false;
  // A catch-all that answers every path with the same signature-bearing body proves nothing.
  return !(notFound.status >= 200 && notFound.status < 300 && exposure.signature(notFound.body));
}

function verdictFor(kind: Kind, env: AuditContext['env']): Finding['verdict'] {
  if (kind === 'secret' || kind === 'debug') return 'FAIL';
  if (kind === 'docs') return env === 'production' ? 'FAIL' : 'INFO';
  return env === 'production' ? 'WARN' : 'INFO';
}

const fixes: Record<Kind, string> = {
  secret: 'Never serve this file: keep it out of the web root and deny dot-files and debug paths at the server or proxy.',
  debug: 'Disable the framework debug/actuator endpoint in production or bind it to a private management listener.',
  docs: 'Turn API documentation and introspection off in production (or put them behind authentication).',
  metrics: 'Serve metrics on a separate private listener or require authentication for /metrics.',
};

export const debugExposureCheck: Check = {
  id: 'debug-exposure',
  title: 'Debug and documentation exposure',
  category: 'A05:2021-Security Misconfiguration',
  description:
    'Requests well-known documentation (OpenAPI, Swagger UI, ReDoc), GraphQL introspection, /.env, /.git/config, ' +
    '/.git/HEAD, framework debug and actuator paths and /metrics. A path counts as exposed only when it answers 2xx ' +
    'with the expected content type and a content signature that the not-found baseline does not carry. Secrets and ' +
    'debug consoles FAIL; docs and introspection FAIL with --env production and are INFO in development; open metrics ' +
    'WARN in production.',
  enabledByDefault: true,
  async run(context) {
    const notFound = await context.notFoundBaseline();
    const findings: Finding[] = [];
    const responses = await Promise.all(
      exposures.map(async (exposure) => {
        const headers: Record<string, string> =
          exposure.method === 'POST' ? { 'content-type': 'application/json', accept: 'application/json' } : {};
        const response = await context.probe({
          method: exposure.method ?? 'GET',
          path: exposure.path,
          headers,
          ...(exposure.body === undefined ? {} : { body: exposure.body }),
        });
        return { exposure, response };
      }),
    );
    const reported = new Set<string>();
    for (const { exposure, response } of responses) {
      if (!isExposed(exposure, response, notFound)) continue;
      const key = `${exposure.what}:${response.body.length}`;
      if (reported.has(key)) continue; // /docs and /docs/ serving the same page is one finding.
      reported.add(key);
      const verdict = verdictFor(exposure.kind, context.env);
      findings.push({
        verdict,
        title: `${exposure.what} exposed at ${exposure.path}`,
        detail: `${exposure.method ?? 'GET'} ${exposure.path} answered ${response.status} (${response.contentType || 'no content type'}) with the content of a ${exposure.what}.`,
        url: response.url,
        ...(verdict === 'WARN' || verdict === 'FAIL' ? { fix: fixes[exposure.kind] } : {}),
        severity: exposure.kind === 'secret' ? 'critical' : exposure.kind === 'debug' ? 'high' : 'medium',
      });
    }
    for (const page of debugErrorPages) {
      if (!page.signature(notFound.body)) continue;
      findings.push({
        verdict: 'FAIL',
        title: `${page.what} on unknown routes`,
        detail: `GET of an unknown path answered ${notFound.status} with a ${page.what}: the framework runs in debug mode.`,
        url: notFound.url,
        fix: fixes.debug,
        severity: 'high',
      });
    }
    if (findings.length === 0) {
      findings.push({
        verdict: 'PASS',
        title: 'No debug or documentation endpoint exposed',
        detail: `${exposures.length} well-known debug, documentation and secret paths were probed; none was served.`,
        url: context.target.href,
      });
    }
    return findings;
  },
};
