// security.txt (RFC 9116): a way for researchers to report a vulnerability. Missing is a
// WARN; present but without Contact or Expires, or expired, is a FAIL (the file then
// misleads the reporter).
import type { Check, Finding, ProbeResponse } from './types.js';

export const SECURITY_TXT_PATH = '/.well-known/security.txt';

export interface SecurityTxt {
  /** Field name lower-cased -> every value, in order. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
  readonly signed: boolean;
}

/** Strip an OpenPGP cleartext signature (RFC 4880 §7) and keep the signed text. */
function unwrapSignature(text: string): { body: string; signed: boolean } {
  if (!text.trimStart().startsWith('-----BEGIN PGP SIGNED MESSAGE-----')) return { body: text, signed: false };
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === ''); // armor headers (Hash:) end at a blank line
  const end = lines.findIndex((line) => line.startsWith('-----BEGIN PGP SIGNATURE-----'));
  const signedLines = lines.slice(start + 1, end === -1 ? lines.length : end);
  return { body: signedLines.map((line) => (line.startsWith('- ') ? line.slice(2) : line)).join('\n'), signed: true };
}

export function parseSecurityTxt(text: string): SecurityTxt {
  const { body, signed } = unwrapSignature(text);
  const fields = new Map<string, string[]>();
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (match === null) continue; // RFC 9116 §2.3: unknown or malformed lines are ignored
    const [, name = '', value = ''] = match;
    const key = name.toLowerCase();
    const values = fields.get(key);
    if (values === undefined) fields.set(key, [value.trim()]);
    else values.push(value.trim()); // in place: copying the list per line was quadratic
  }
  return { fields, signed };
}

// RFC 3339 date-time as RFC 9116 §2.5.5 requires, e.g. 2027-01-31T23:59:59Z or with an offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const YEAR_MS = 366 * 24 * 60 * 60 * 1000;

/** Every problem of a parsed file, worst first. Empty means it is valid. */
export function securityTxtProblems(file: SecurityTxt, now: Date): Array<Pick<Finding, 'verdict' | 'title' | 'detail'>> {
  const problems: Array<Pick<Finding, 'verdict' | 'title' | 'detail'>> = [];
  const contacts = file.fields.get('contact') ?? [];
  if (contacts.length === 0) {
    problems.push({ verdict: 'FAIL', title: 'security.txt has no Contact', detail: 'At least one Contact field is required (RFC 9116 §2.5.3).' });
  }
  for (const contact of contacts) {
    if (/^http:/i.test(contact)) {
      problems.push({ verdict: 'WARN', title: 'security.txt Contact over plain http', detail: 'A web Contact must use https (RFC 9116 §2.5.3).' });
    } else if (!/^(mailto:|https:|tel:)/i.test(contact)) {
      problems.push({ verdict: 'WARN', title: 'security.txt Contact is not a URI', detail: 'Contact must be a mailto:, https: or tel: URI.' });
    }
  }
  const expires = file.fields.get('expires') ?? [];
  const [expiry] = expires;
  if (expiry === undefined) {
    problems.push({ verdict: 'FAIL', title: 'security.txt has no Expires', detail: 'Exactly one Expires field is required (RFC 9116 §2.5.5).' });
  } else if (expires.length > 1) {
    problems.push({ verdict: 'FAIL', title: 'security.txt has several Expires', detail: `${expires.length} Expires fields; exactly one is allowed.` });
  } else if (!RFC3339.test(expiry) || Number.isNaN(Date.parse(expiry))) {
    problems.push({ verdict: 'FAIL', title: 'security.txt Expires is malformed', detail: 'Expires must be an RFC 3339 date-time such as 2027-01-31T23:59:59Z.' });
  } else if (Date.parse(expiry) <= now.getTime()) {
    problems.push({ verdict: 'FAIL', title: 'security.txt has expired', detail: `Expires ${expiry} is in the past: the file must be treated as stale.` });
  } else if (Date.parse(expiry) - now.getTime() > YEAR_MS) {
    problems.push({ verdict: 'WARN', title: 'security.txt expires too far ahead', detail: `Expires ${expiry} is more than a year away (RFC 9116 recommends less).` });
  }
  return problems.sort((a, b) => (a.verdict === 'FAIL' ? -1 : 0) - (b.verdict === 'FAIL' ? -1 : 0));
}

const FIX =
  'Serve /.well-known/security.txt as text/plain with at least one `Contact: mailto:...` (or https:) and one ' +
  '`Expires:` RFC 3339 date less than a year ahead; renew it before it expires.';

function isServed(response: ProbeResponse, notFound: ProbeResponse): boolean {
  if (response.status < 200 || response.status > 299) return false;
  // A catch-all that answers every path with the same page has no security.txt.
  return !(notFound.status === response.status && notFound.body === response.body);
}

export const securityTxtCheck: Check = {
  id: 'security-txt',
  title: 'security.txt',
  category: 'A09:2021-Security Logging and Monitoring Failures',
  description:
    `Requests ${SECURITY_TXT_PATH} and parses it per RFC 9116 (comments, case-insensitive fields, OpenPGP cleartext ` +
    'signatures). Missing (non-2xx, or the same page as an unknown path) WARNs; no Contact, no or several Expires, a ' +
    'malformed or past Expires FAIL; a non-text/plain type, an http: Contact or an Expires over a year ahead WARN.',
  enabledByDefault: true,
  async run(context) {
    const [response, notFound] = await Promise.all([context.probe({ path: SECURITY_TXT_PATH }), context.notFoundBaseline()]);
    if (!isServed(response, notFound)) {
      return [
        {
          verdict: 'WARN',
          title: 'No security.txt',
          detail: `GET ${SECURITY_TXT_PATH} answered ${response.status}: researchers have no published way to report a vulnerability.`,
          url: response.url,
          fix: FIX,
          severity: 'low',
        },
      ];
    }
    const findings: Finding[] = securityTxtProblems(parseSecurityTxt(response.body), new Date()).map((problem) => ({
      ...problem,
      url: response.url,
      fix: FIX,
      severity: problem.verdict === 'FAIL' ? 'medium' : 'low',
    }));
    if (!/^text\/plain/i.test(response.contentType)) {
      findings.push({
        verdict: 'WARN',
        title: 'security.txt is not text/plain',
        detail: `Served as ${response.contentType || 'no content type'}; RFC 9116 requires text/plain; charset=utf-8.`,
        url: response.url,
        fix: FIX,
        severity: 'low',
      });
    }
    if (findings.length === 0) {
      findings.push({ verdict: 'PASS', title: 'security.txt is valid', detail: 'Contact and a future Expires are present.', url: response.url });
    }
    return findings;
  },
};
