// HTTP methods: TRACE (and IIS's TRACK) that echo the request back let a script read
// headers it should never see (Cross-Site Tracing); an invented method answered like GET
// means method-based rules can be bypassed by renaming the verb.
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

function echoFinding(method: string, response: ProbeResponse | 'dropped', canary: string, url: string): Finding {
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
  if (is2xx(response.status)) {
    return {
      verdict: 'WARN',
      title: `${method} is enabled`,
      detail: `${method} answered ${response.status}; it did not echo the canary, but nothing needs this method.`,
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
    'FAILs (Cross-Site Tracing); TRACE/TRACK answered 2xx without echo WARN; an invented method answered 2xx with the ' +
    'same body as GET WARNs (verb tampering can bypass method-based rules); 4xx/5xx refusals PASS.',
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
    const findings = [echoFinding('TRACE', trace, canary, baseline.url), echoFinding('TRACK', track, canary, baseline.url)];
    const treatedAsGet =
      invented !== 'dropped' && is2xx(invented.status) && invented.status === baseline.status && invented.body === baseline.body;
    findings.push(
      treatedAsGet
        ? {
            verdict: 'WARN',
            title: 'Unknown methods are treated as GET',
            detail: `${INVENTED_METHOD} answered ${invented.status} with the same body as GET.`,
            url: invented.url,
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
