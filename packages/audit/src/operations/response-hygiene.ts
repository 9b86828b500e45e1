// api-response-hygiene (API8:2023): the headers of every 2xx an operation answers, graded with
// the site-wide rules (nosniff from the headers check, the CORS answer parser of the cors check).
import { corsAnswer } from '../checks/cors.js';
import { nosniffRule } from '../checks/headers-rules.js';
import type { Check, Finding, ProbeResponse } from '../checks/types.js';
import { createOperationClient } from './client.js';
import { objectsOwnedBy } from './discovery.js';
import { forOperation, isSuccess, noSurface, summarised } from './findings.js';
import { pathValuesFor } from './path-values.js';
import { parseJson } from './response-data.js';
import type { Operation } from './types.js';

export const FOREIGN_ORIGIN = 'https://rampart-audit.evil.test';

/** The problems of one 2xx, worst first. */
export function hygieneProblems(response: ProbeResponse, authenticated: boolean): { verdict: 'WARN' | 'FAIL'; what: string; fix: string }[] {
  const problems: { verdict: 'WARN' | 'FAIL'; what: string; fix: string }[] = [];
  const cors = corsAnswer(response);
  if (cors.allowOrigin === FOREIGN_ORIGIN || (cors.allowOrigin === '*' && cors.credentials)) {
    problems.push({ verdict: cors.credentials ? 'FAIL' : 'WARN', what: `grants ${FOREIGN_ORIGIN}${cors.credentials ? ' with credentials' : ''}`, fix: 'Grant CORS only to an exact allow list of origins; never reflect the Origin header.' });
  }
  if (nosniffRule({ status: response.status, headers: response.headers, kind: 'api', https: false }).verdict !== 'PASS') {
    problems.push({ verdict: 'WARN', what: 'no X-Content-Type-Options: nosniff', fix: 'Send X-Content-Type-Options: nosniff on every response.' });
  }
  if (response.body !== '' && parseJson(response.body) !== undefined && !/\bjson\b|\+json\b/i.test(response.contentType)) {
    problems.push({ verdict: 'WARN', what: `JSON served as "${response.contentType || 'no content type'}"`, fix: 'Serve JSON as application/json (a browser may render other types as HTML).' });
  }
  const cacheControl = (response.headers['cache-control'] ?? []).join(',').toLowerCase();
  if (authenticated && !/\bno-store\b/.test(cacheControl)) {
    problems.push({ verdict: 'WARN', what: 'an authenticated answer without Cache-Control: no-store', fix: 'Send Cache-Control: no-store on every authenticated response so no cache keeps a copy.' });
  }
  return problems;
}

export const apiResponseHygieneCheck: Check = {
  id: 'api-response-hygiene',
  title: 'Operation responses are safe to cache and to read cross-origin',
  category: 'API8:2023-Security Misconfiguration',
  description:
    `Sends every GET operation as the first identity (and without credentials when the document says it needs none), ` +
    `with Origin: ${FOREIGN_ORIGIN}. Each 2xx must carry X-Content-Type-Options: nosniff, a JSON content type for a ` +
    'JSON body, and (when credentials were sent to an operation that is not public) Cache-Control: no-store (each WARNs when missing); a CORS grant to the ' +
    'foreign origin WARNs, and FAILs with Access-Control-Allow-Credentials: true.',
  enabledByDefault: false,
  async run(context) {
    const surface = context.api;
    if (surface === undefined) return noSurface(context);
    const client = createOperationClient(context, surface);
    const identity = surface.identities[0];
    const own = await objectsOwnedBy(context, surface, identity);
    const findings: Finding[] = [];
    const passed: Operation[] = [];
    await Promise.all(
      surface.operations.filter((op) => op.method === 'GET').map(async (operation) => {
        const pathValues = pathValuesFor(operation, own);
        const asWho = [...(identity === undefined ? [] : [identity]), ...(operation.security === 'required' && identity !== undefined ? [] : [undefined])];
        let graded = false;
        for (const who of asWho) {
          const response = await client.send(operation, { ...(who === undefined ? {} : { identity: who }), pathValues, headers: { origin: FOREIGN_ORIGIN } });
          if (response === undefined || !isSuccess(response.status)) continue;
          graded = true;
          // A public operation (security: []) may be cached even when credentials came along.
          const problems = hygieneProblems(response, who !== undefined && operation.security !== 'none');
          if (problems.length === 0) continue;
          const verdict = problems.some((p) => p.verdict === 'FAIL') ? 'FAIL' : 'WARN';
          findings.push(forOperation(operation, { verdict, severity: verdict === 'FAIL' ? 'high' : 'low', title: 'Response hygiene', detail: `${who === undefined ? 'Without credentials' : `As ${who.name}`}, ${response.status}: ${problems.map((p) => p.what).join('; ')}.`, fix: [...new Set(problems.map((p) => p.fix))].join(' ') }, response.url));
          break;
        }
        if (graded) passed.push(operation);
      }),
    );
    return summarised(findings, passed, 'Operation responses are safe to cache and to read cross-origin', context.target.href, 'No GET operation answered 2xx.');
  },
};
