// Error leakage: provoke errors with hostile input and look for internals in the answers.
// Each trigger is bad input a client could send by mistake; none names a real resource, and
// bodies are malformed or of the wrong shape so no handler can act on them.
import { RequestBudgetExceededError } from '../runner/errors.js';
import { findLeaks, isLeak } from './error-signatures.js';
import { malformedJsonResponse } from './shared-probes.js';
import type { AuditContext, Check, Finding, ProbeRequest, ProbeResponse } from './types.js';

interface Trigger {
  readonly title: string;
  readonly request: (context: AuditContext) => Promise<ProbeResponse>;
}

const withPath = (context: AuditContext, suffix: string) => `${context.target.pathname}${suffix}`;
const underTarget = (context: AuditContext, name: string) => `${context.target.pathname.replace(/\/?$/, '/')}${name}`;
const send = (request: ProbeRequest) => (context: AuditContext) => context.probe(request);

export const triggers: readonly Trigger[] = [
  { title: 'Malformed JSON body', request: malformedJsonResponse },
  {
    title: 'Wrong JSON types',
    request: send({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"id": {"$gt": ""}, "email": ["x"], "page": "NaN"}, 1e999]' }),
  },
  { title: 'Unknown route', request: (context) => context.notFoundBaseline() },
  { title: 'Unknown method', request: send({ method: 'RAMPARTAUDIT' }) },
  { title: 'Undecodable path', request: (context) => context.probe({ path: underTarget(context, '%') }) },
  { title: 'SQL metacharacters in the query', request: (context) => context.probe({ path: `${withPath(context, '')}?id=1'%22)--&sort=name'` }) },
  { title: 'Oversized header', request: send({ headers: { 'x-rampart-audit-oversized': 'a'.repeat(20_000) } }) },
];

const LEAK_FIX =
  'Answer errors with a generic body (status, a stable code, a request id) and log the details server-side; run with production settings (NODE_ENV=production, DEBUG=False, display_errors=Off).';
const FIVE_XX_FIX = 'Validate input before using it and map bad input to a 4xx; a 5xx for a client mistake means an unhandled error path.';

export function gradeResponse(title: string, response: ProbeResponse, env: AuditContext['env']): Finding {
  const path = new URL(response.url).pathname;
  const where = `${response.method} ${path.length > 60 ? `${path.slice(0, 57)}...` : path} -> ${response.status}`;
  const matches = findLeaks(response.body);
  const leaks = matches.filter(isLeak);
  if (leaks.length > 0) {
    const what = leaks.map((m) => `${m.signature.platform} ${m.signature.name} ("${m.excerpt}")`).join('; ');
    return {
      // Stack traces are expected on a development server; reported, but not a failure there.
      verdict: env === 'development' ? 'WARN' : 'FAIL',
      title: `${title}: internals leaked`,
      detail: `${where}: ${what}`,
      url: response.url,
      fix: LEAK_FIX,
      severity: 'high',
    };
  }
  if (response.status >= 500) {
    return { verdict: 'WARN', title: `${title}: server error`, detail: `${where}: bad input caused a server error.`, url: response.url, fix: FIVE_XX_FIX };
  }
  if (matches.length > 0) {
    return {
      verdict: 'WARN',
      title: `${title}: framework details`,
      detail: `${where}: ${matches.map((m) => `${m.signature.name} ("${m.excerpt}")`).join('; ')}`,
      url: response.url,
      fix: 'Replace framework error codes and exception names with your own stable error codes.',
    };
  }
  return { verdict: 'PASS', title, detail: `${where} without internals.`, url: response.url };
}

export const errorLeakageCheck: Check = {
  id: 'error-leakage',
  title: 'Error leakage',
  category: 'A05:2021-Security Misconfiguration',
  description:
    'Sends bad input: a malformed JSON body, JSON of the wrong types, an unknown route, an unknown method, an undecodable path (/%), SQL metacharacters in the query and a 20 kB header. Each answer is searched for stack frames and internals of Node, Python, Java, Go, Ruby, PHP and .NET, SQL error texts and server paths (FAIL; WARN with --env development); a 5xx for bad input is WARN; framework error codes and exception names are WARN.',
  enabledByDefault: true,
  async run(context) {
    return Promise.all(
      triggers.map(async (trigger) => {
        try {
          return gradeResponse(trigger.title, await trigger.request(context), context.env);
        } catch (error) {
          if (error instanceof RequestBudgetExceededError) throw error;
          // A server may drop the connection on an oversized header: that leaks nothing.
          const reason = error instanceof Error ? error.message : String(error);
          return { verdict: 'INFO' as const, title: `${trigger.title}: no answer`, detail: `No HTTP answer (${reason.slice(0, 120)}).`, url: context.target.href };
        }
      }),
    );
  },
};
