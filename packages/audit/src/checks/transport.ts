// Transport: an https API must not also serve its content over plain http on the same host;
// plain http may only redirect to https on that same host (or refuse). N/A for http targets.
import type { Check, Finding, ProbeResponse } from './types.js';

const REFUSALS = new Set([400, 403, 421, 426]);
const FIX =
  'On plain http answer only a 301/308 redirect to https://<same host><same path> (or refuse), and send ' +
  'Strict-Transport-Security on https so browsers never try http again.';

function judge(response: ProbeResponse, target: URL): Finding {
  const base = { url: response.url };
  const status = response.status;
  if (status >= 300 && status < 400) {
    const location = response.headers.location?.[0];
    let next: URL | undefined;
    try {
      next = location === undefined ? undefined : new URL(location, response.url);
    } catch {
      next = undefined;
    }
    if (next?.protocol === 'https:' && next.hostname === target.hostname) {
      return { ...base, verdict: 'PASS', title: 'Plain http redirects to https', detail: `http answered ${status} to ${next.origin}.` };
    }
    const where = next === undefined ? 'no valid Location' : `${next.protocol}//${next.host}`;
    return {
      ...base,
      verdict: 'FAIL',
      title: 'Plain http redirects elsewhere',
      detail: `http answered ${status} with ${where}, not https on ${target.hostname}.`,
      fix: FIX,
      severity: 'high',
    };
  }
  if (status >= 200 && status < 300) {
    return {
      ...base,
      verdict: 'FAIL',
      title: 'Content served over plain http',
      detail: `http answered ${status} with content instead of redirecting to https: anyone on the path can read or change it.`,
      fix: FIX,
      severity: 'high',
    };
  }
  if (REFUSALS.has(status)) {
    return { ...base, verdict: 'PASS', title: 'Plain http refused', detail: `http answered ${status} and served nothing.` };
  }
  return {
    ...base,
    verdict: 'WARN',
    title: 'Plain http not redirected',
    detail: `http answered ${status}: not a redirect to https.`,
    fix: FIX,
    severity: 'low',
  };
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

export const transportCheck: Check = {
  id: 'transport',
  title: 'Plain http redirects to https',
  category: 'A02:2021-Cryptographic Failures',
  description:
    'For an https target only: requests the same host and path over plain http (default port). A 3xx to https on the ' +
    'same host, a refusal (400/403/421/426) or no plain-http listener at all PASS; content served over http, or a ' +
    'redirect to http or to another host, FAILs; any other answer WARNs. N/A for http targets.',
  enabledByDefault: true,
  async run(context) {
    if (context.target.protocol !== 'https:') {
      return [{ verdict: 'N/A', title: 'Target is plain http', detail: 'Transport is only judged for https targets.', url: context.target.href }];
    }
    let response: ProbeResponse;
    try {
      response = await context.probe({ scheme: 'http' });
    } catch (error) {
      if (errorCode(error) === 'AUDIT_REQUEST_BUDGET_EXCEEDED') throw error;
      return [
        {
          verdict: 'PASS',
          title: 'No plain http listener',
          detail: `Plain http on ${context.target.hostname} did not answer, so nothing is served without TLS.`,
          url: `http://${context.target.hostname}${context.target.pathname}`,
        },
      ];
    }
    return [judge(response, context.target)];
  },
};
