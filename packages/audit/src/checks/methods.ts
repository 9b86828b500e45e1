// HTTP methods: TRACE (and IIS's TRACK) that echo the request back let a script read
// headers it should never see (Cross-Site Tracing); a method that reaches its own handler
// (answered differently from GET) is attack surface nothing needs.
//
// An answer exactly like GET's, echoing nothing, is INFO at most: that is what a catch-all
// does (nginx `return 200 "ok";` answers every method the same), and it shows neither an echo
// nor a handler that acts on the method. WARN needs an echo (FAIL), a different handler (a
// status, body or cookie GET did not get) or a sign of a state change (201/202, Location).
import { randomBytes } from 'node:crypto';
import type { Check, Finding, ProbeResponse } from './types.js';

const CANARY_HEADER = 'x-rampart-audit-canary';
const INVENTED_METHOD = 'RAMPARTAUDIT';

const is2xx = (status: number) => status >= 200 && status < 300;

/** A connection closed without an answer is a refusal; a spent budget is not an answer. */
function droppedOrRethrow(error: unknown): 'dropped' {
  if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'AUDIT_PROBE_FAILED') return 'dropped';
  throw error;
}

/** Same status, same body, no cookie or Location of its own: indistinguishable from GET. */
function answeredLikeGet(response: ProbeResponse, get: ProbeResponse): boolean {
  return (
    response.status === get.status &&
    response.body === get.body &&
    (response.headers['set-cookie'] === undefined || get.headers['set-cookie'] !== undefined) &&
    response.headers.location === undefined
  );
}

function echoFinding(method: string, response: ProbeResponse | 'dropped', canary: string, get: ProbeResponse): Finding {
  const url = get.url;
  if (response === 'dropped') {
    return { verdict: 'PASS', title: `${method} refused`, detail: `${method} got no HTTP answer (connection closed).`, url };
  }
  if (response.body.includes(canary)) {
    return {
      verdict: 'FAIL',
      title: `${method} echoes the request`,
      detail: `${method} answered ${response.status} and echoed a request header back (Cross-Site Tracing).`,
      url: response.url,
      fix: `Disable ${method} in the server and in every proxy in front of it (answer 405).`,
      severity: 'medium',
    };
  }
  if (is2xx(response.status) && answeredLikeGet(response, get)) {
    return {
      verdict: 'INFO',
      title: `${method} answered like GET`,
      detail: `${method} answered ${response.status} with exactly the body of GET and no echo: a catch-all (such as nginx \`return\`) rather than a ${method} handler.`,
      url: response.url,
    };
  }
  if (is2xx(response.status)) {
    return {
      verdict: 'WARN',
      title: `${method} is enabled`,
      detail: `${method} answered ${response.status} differently from GET (its own handler); it did not echo the canary, but nothing needs this method.`,
      url: response.url,
      fix: `Answer 405 to ${method}.`,
      severity: 'low',
    };
  }
  return {
    verdict: 'PASS',
    title: `${method} refused`,
    detail: `${method} answered ${response.status}.`,
    url: response.url,
  };
}

export const methodsCheck: Check = {
  id: 'methods',
  title: 'TRACE and unusual HTTP methods',
  category: 'A05:2021-Security Misconfiguration',
  description:
    'Sends TRACE and TRACK with a random canary header, and an invented method, to the target URL. An echoed canary ' +
    'FAILs (Cross-Site Tracing). A method answered 2xx differently from GET (another status or body, its own cookie or ' +
    'Location: a handler of its own, or a state change) WARNs; answered exactly like GET without echo (a catch-all such ' +
    "as nginx's return) is INFO; 4xx/5xx refusals and closed connections PASS.",
  enabledByDefault: true,
  async run(context) {
    const canary = randomBytes(8).toString('hex');
    const headers = { [CANARY_HEADER]: canary };
    const [trace, track, invented, baseline] = await Promise.all([
      context.probe({ method: 'TRACE', headers }).catch(droppedOrRethrow),
      context.probe({ method: 'TRACK', headers }).catch(droppedOrRethrow),
      context.probe({ method: INVENTED_METHOD }).catch(droppedOrRethrow),
      context.baseline(),
    ]);
    const findings = [echoFinding('TRACE', trace, canary, baseline), echoFinding('TRACK', track, canary, baseline)];
    const accepted = invented !== 'dropped' && is2xx(invented.status) ? invented : undefined;
    findings.push(
      accepted !== undefined && answeredLikeGet(accepted, baseline)
        ? {
            verdict: 'INFO',
            title: 'Unknown methods are answered like GET',
            detail: `${INVENTED_METHOD} answered ${accepted.status} with exactly the body of GET: a catch-all, or a router that serves GET for any verb. Where access rules depend on the method (a proxy that guards only POST), renaming the verb bypasses them.`,
            url: accepted.url,
          }
        : accepted !== undefined
        ? {
            verdict: 'WARN',
            title: 'Unknown methods are accepted',
            detail: `${INVENTED_METHOD} answered ${accepted.status} differently from GET: some handler acts on a method the API does not define.`,
            url: accepted.url,
            fix: 'Route on exact methods and answer 405 (or 501) to methods the API does not implement.',
            severity: 'low',
          }
        : {
            verdict: 'PASS',
            title: 'Unknown methods refused',
            detail: `${INVENTED_METHOD} ${invented === 'dropped' ? 'got no HTTP answer' : `answered ${invented.status}`}.`,
            url: invented === 'dropped' ? baseline.url : invented.url,
          },
    );
    return findings;
  },
};
