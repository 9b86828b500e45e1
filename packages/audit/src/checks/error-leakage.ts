// Error leakage: provoke errors with hostile input and look for internals in the answers.
// Each trigger is bad input a client could send by mistake; none names a real resource, and
// bodies are malformed or of the wrong shape so no handler can act on them.
import { RequestBudgetExceededError } from '../runner/errors.js';
import { findLeaks, isLeak, type LeakMatch } from './error-signatures.js';
import { malformedJsonResponse } from './shared-probes.js';
import type { AuditContext, Check, Finding, ProbeRequest, ProbeResponse } from './types.js';

interface Trigger {
  readonly title: string;
  readonly request: (context: AuditContext) => Promise<ProbeResponse>;
  /** Why a clean answer proves nothing for this trigger (then N/A, not PASS), if it does not. */
  readonly inconclusive?: (response: ProbeResponse) => string | undefined;
}

/** Wrong types only test input handling when a handler reads the body: a 404 or 405 means the
 * request never reached one (the target URL takes no POST), so a clean answer is N/A. */
const noHandlerReadTheBody = (response: ProbeResponse) =>
  response.status === 404 || response.status === 405 ? `no handler read the body (${response.status})` : undefined;

const withPath = (context: AuditContext, suffix: string) => `${context.target.pathname}${suffix}`;
const underTarget = (context: AuditContext, name: string) => `${context.target.pathname.replace(/\/?$/, '/')}${name}`;
const send = (request: ProbeRequest) => (context: AuditContext) => context.probe(request);

export const triggers: readonly Trigger[] = [
  { title: 'Malformed JSON body', request: malformedJsonResponse },
  {
    title: 'Wrong JSON types',
    request: send({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"id": {"$gt": ""}, "email": ["x"], "page": "NaN"}, 1e999]' }),
    inconclusive: noHandlerReadTheBody,
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

const leakKey = (match: LeakMatch) => `${match.signature.platform} ${match.signature.name}`;
/** `Python traceback`, `PHP PDO / SQLSTATE`: the platform once, even when the name starts with it. */
const leakName = (m: LeakMatch) => (m.signature.name.startsWith(m.signature.platform) ? m.signature.name : `${m.signature.platform} ${m.signature.name}`);
const describeLeaks = (leaks: readonly LeakMatch[]) => leaks.map((m) => `${leakName(m)} ("${m.excerpt}")`).join('; ');

export interface GradeOptions {
  /** Leaks the plain GET of the target already showed: not caused by this trigger. */
  readonly baselineLeaks?: ReadonlySet<string>;
  readonly inconclusive?: Trigger['inconclusive'];
}

export function gradeResponse(title: string, response: ProbeResponse, env: AuditContext['env'], options: GradeOptions = {}): Finding {
  const path = new URL(response.url).pathname;
  const where = `${response.method} ${path.length > 60 ? `${path.slice(0, 57)}...` : path} -> ${response.status}`;
  const matches = findLeaks(response.body);
  const allLeaks = matches.filter(isLeak);
  // A leak the target shows without any bad input is reported once, as the target's own
  // (baselineFinding); naming this trigger as its cause would send the reader after the wrong bug.
  const leaks = allLeaks.filter((match) => !options.baselineLeaks?.has(leakKey(match)));
  if (allLeaks.length > 0 && leaks.length === 0) {
    return {
      verdict: 'N/A',
      title: `${title}: same internals as a plain GET`,
      detail: `${where}: ${describeLeaks(allLeaks)}; the plain GET of the target shows them too, so this input did not cause them (reported once, as the target's own leak).`,
      url: response.url,
    };
  }
  if (leaks.length > 0) {
    const what = describeLeaks(leaks);
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
  const inconclusive = options.inconclusive?.(response);
  if (inconclusive !== undefined) return { verdict: 'N/A', title, detail: `${where}: ${inconclusive}, so a clean answer proves nothing.`, url: response.url };
  return { verdict: 'PASS', title, detail: `${where} without internals.`, url: response.url };
}

/** The target's own answer to a plain GET, searched like a trigger's: internals there are
 * on every request to it, whatever the input. Undefined when it shows none. */
function baselineFinding(baseline: ProbeResponse, env: AuditContext['env']): Finding | undefined {
  const leaks = findLeaks(baseline.body).filter(isLeak);
  if (leaks.length === 0) return undefined;
  return {
    verdict: env === 'development' ? 'WARN' : 'FAIL',
    title: 'Plain GET of the target: internals leaked',
    detail: `GET ${new URL(baseline.url).pathname} -> ${baseline.status} with no bad input at all: ${describeLeaks(leaks)}.`,
    url: baseline.url,
    fix: LEAK_FIX,
    severity: 'high',
  };
}

export const errorLeakageCheck: Check = {
  id: 'error-leakage',
  title: 'Error leakage',
  category: 'A05:2021-Security Misconfiguration',
  description:
    'Sends bad input: a malformed JSON body, JSON of the wrong types, an unknown route, an unknown method, an undecodable path (/%), SQL metacharacters in the query and a 20 kB header. Each answer is searched for stack frames and internals of Node, Python, Java, Go, Ruby, PHP and .NET, SQL error texts and server paths (FAIL; WARN with --env development); a 5xx for bad input is WARN; framework error codes and exception names are WARN. Internals that the plain GET of the target already shows are reported once, as the target\'s own leak, never as caused by a trigger (whose finding is then N/A); wrong JSON types answered 404/405 reached no handler (N/A).',
  enabledByDefault: true,
  async run(context) {
    const baseline = await context.baseline();
    const baselineLeaks = new Set(findLeaks(baseline.body).filter(isLeak).map(leakKey));
    const own = baselineFinding(baseline, context.env);
    const graded = await Promise.all(
      triggers.map(async (trigger) => {
        try {
          const options = { baselineLeaks, ...(trigger.inconclusive === undefined ? {} : { inconclusive: trigger.inconclusive }) };
          return gradeResponse(trigger.title, await trigger.request(context), context.env, options);
        } catch (error) {
          if (error instanceof RequestBudgetExceededError) throw error;
          // A server may drop the connection on an oversized header: that leaks nothing.
          const reason = error instanceof Error ? error.message : String(error);
          return { verdict: 'INFO' as const, title: `${trigger.title}: no answer`, detail: `No HTTP answer (${reason.slice(0, 120)}).`, url: context.target.href };
        }
      }),
    );
    return own === undefined ? graded : [own, ...graded];
  },
};
