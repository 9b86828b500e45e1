// Host header injection: does the target build URLs (redirects, links, reset e-mails) from a
// Host or X-Forwarded-Host that the client chose? A foreign host reflected anywhere in the
// response FAILs; a foreign Host accepted like the real one WARNs (nothing stops a later
// feature from trusting it); 400/421 PASSes.
import { randomBytes } from 'node:crypto';
import type { Check, Finding, ProbeResponse } from './types.js';

function reflects(response: ProbeResponse, canary: string): string | undefined {
  for (const [name, values] of Object.entries(response.headers)) {
    if (values.some((value) => value.toLowerCase().includes(canary))) {
      return name === 'location' ? 'the Location header' : `the ${name} header`;
    }
  }
  return response.body.toLowerCase().includes(canary) ? 'the body' : undefined;
}

type NoAnswer = 'dropped' | 'tls';

function codeOf(value: unknown): string {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string' ? value.code : '';
}

/**
 * A server or proxy that closes the connection on an unknown Host has rejected it. A TLS
 * failure is not an answer: the client then verified (or sent as SNI) the foreign name, so
 * the request never reached the application. A spent budget is rethrown.
 */
function noAnswerOrRethrow(error: unknown): NoAnswer {
  if (codeOf(error) !== 'AUDIT_PROBE_FAILED') throw error;
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  return /CERT|TLS|SSL|HOSTNAME/i.test(codeOf(cause)) ? 'tls' : 'dropped';
}

/** 400 and 421 are the answers of a Host allow list; another 4xx counts only if the real host did not get it too. */
function rejected(status: number, baselineStatus: number): boolean {
  if (status === 400 || status === 421) return true;
  return status >= 400 && status < 500 && status !== baselineStatus;
}

const reflectionFix =
  'Build absolute URLs from a configured public origin, never from Host or X-Forwarded-Host; ' +
  'trust X-Forwarded-Host only from configured proxy addresses.';
const allowListFix = 'Answer 400 (or 421 Misdirected Request) to any Host that is not on an explicit allow list.';

function judgeForeignHost(baseline: ProbeResponse, answer: ProbeResponse | NoAnswer, canary: string): Finding {
  if (answer === 'tls') {
    return {
      verdict: 'INFO',
      title: 'Host allow list undetermined',
      detail:
        'The request with an unknown Host failed in the TLS handshake (the certificate was checked against the ' +
        'foreign name), so it never reached the application.',
      url: baseline.url,
    };
  }
  if (answer === 'dropped') {
    return {
      verdict: 'PASS',
      title: 'Foreign Host header rejected',
      detail: 'A request with an unknown Host got no HTTP answer (the connection was closed): it was not served.',
      url: baseline.url,
    };
  }
  const where = reflects(answer, canary);
  const base = { url: answer.url };
  if (where !== undefined) {
    return {
      ...base,
      verdict: 'FAIL',
      title: 'Foreign Host header reflected',
      detail: `A request with Host: ${canary} answered ${answer.status} and echoed that host in ${where}.`,
      fix: reflectionFix,
      severity: 'high',
    };
  }
  if (rejected(answer.status, baseline.status)) {
    return {
      ...base,
      verdict: 'PASS',
      title: 'Foreign Host header rejected',
      detail: `A request with an unknown Host answered ${answer.status} (the real host: ${baseline.status}).`,
    };
  }
  if (answer.status === baseline.status && baseline.status < 400) {
    return {
      ...base,
      verdict: 'WARN',
      title: 'Any Host header accepted',
      detail: `A request with an unknown Host answered ${answer.status}, like the real host: there is no Host allow list.`,
      fix: allowListFix,
      severity: 'low',
    };
  }
  return {
    ...base,
    verdict: 'INFO',
    title: 'Host allow list undetermined',
    detail:
      `An unknown Host answered ${answer.status} where the real host answered ${baseline.status}; nothing was ` +
      'reflected. Audit a URL that answers 2xx to tell whether foreign hosts are accepted.',
  };
}

function judgeForwardedHost(answer: ProbeResponse, canary: string): Finding {
  const where = reflects(answer, canary);
  if (where === undefined) {
    return {
      verdict: 'PASS',
      title: 'X-Forwarded-Host not reflected',
      detail: `A foreign X-Forwarded-Host answered ${answer.status} and did not appear in the response.`,
      url: answer.url,
    };
  }
  return {
    verdict: 'FAIL',
    title: 'Foreign X-Forwarded-Host reflected',
    detail: `X-Forwarded-Host: ${canary} was echoed in ${where} (status ${answer.status}).`,
    url: answer.url,
    fix: reflectionFix,
    severity: 'high',
  };
}

export const hostHeaderCheck: Check = {
  id: 'host-header',
  title: 'Host header injection',
  category: 'A05:2021-Security Misconfiguration',
  description:
    'Sends the target request with a foreign Host header, and again with the real Host and a foreign ' +
    'X-Forwarded-Host. A foreign host reflected in Location, any other header or the body FAILs; a foreign Host ' +
    'answered with the same 2xx/3xx status as the baseline WARNs (no Host allow list); 400, 421, a closed ' +
    'connection, or another 4xx the real host did not get PASSes; anything else (a TLS failure for the foreign ' +
    'name included) is INFO (undetermined).',
  enabledByDefault: true,
  async run(context) {
    const canary = `rampart-audit-${randomBytes(4).toString('hex')}.invalid`;
    const [baseline, foreignHost, forwardedHost] = await Promise.all([
      context.baseline(),
      context.probe({ headers: { host: canary } }).catch(noAnswerOrRethrow),
      context.probe({ headers: { 'x-forwarded-host': canary } }),
    ]);
    return [judgeForeignHost(baseline, foreignHost, canary), judgeForwardedHost(forwardedHost, canary)];
  },
};
