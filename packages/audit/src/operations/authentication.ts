// api-authentication (API2:2023): every operation sent without credentials, and every read sent
// as the first identity too, to spot (a) documented-as-protected operations that answer 2xx
// to anyone, (b) personal data served to anyone, (c) secret-named fields in any response.
import type { Check, Finding } from '../checks/types.js';
import { createOperationClient } from './client.js';
import { ownedObjects } from './discovery.js';
import { exampleOf } from './examples.js';
import { forOperation, isSuccess, noSurface, summarised } from './findings.js';
import { pathValuesFor } from './path-values.js';
import { personalFieldsIn, secretsIn } from './response-data.js';
import { isAllowed } from './safety.js';
import type { Operation } from './types.js';

const FIX_AUTH = 'Require authentication on this operation (deny by default: make every route authenticated unless it is listed as public), and answer 401 with WWW-Authenticate.';
const FIX_SECRET = 'Never serialise secrets: declare a response schema (an allow list of fields) so password hashes, tokens, OTP secrets and card numbers cannot reach a client.';

export const apiAuthenticationCheck: Check = {
  id: 'api-authentication',
  title: 'Operations require authentication',
  category: 'API2:2023-Broken Authentication',
  description:
    'Sends every allowed operation once without any credentials (no --header, no --auth), with example parameters and ' +
    '(with --active) an example body, and every GET once more as the first identity. An operation the document declares ' +
    'security for that answers 2xx without credentials FAILs; so does a read answering 2xx without credentials with ' +
    'personal data (email, phone, address...). Any response carrying a secret-named field (password, password_hash, ' +
    'secret, token, otp, ssn, card number...) or a Luhn-valid card number FAILs (critical). 401/403 PASS.',
  enabledByDefault: false,
  async run(context) {
    const surface = context.api;
    if (surface === undefined) return noSurface(context);
    const client = createOperationClient(context, surface);
    const owned = await ownedObjects(context, surface);
    const first = surface.identities[0];
    const findings: Finding[] = [];
    const passed: Operation[] = [];
    await Promise.all(
      surface.operations.filter((op) => isAllowed(op, surface)).map(async (operation) => {
        const pathValues = pathValuesFor(operation, first === undefined ? [] : (owned.owned.get(first.name) ?? []));
        const body = operation.requestBody === undefined || operation.method === 'GET' ? undefined : (exampleOf(operation.requestBody) ?? {});
        const anonymous = await client.send(operation, { pathValues, ...(body === undefined ? {} : { body }) });
        if (anonymous === undefined) return;
        const before = findings.length;
        if (isSuccess(anonymous.status)) {
          const personal = operation.method === 'GET' ? personalFieldsIn(anonymous.body) : [];
          if (operation.security === 'required') {
            findings.push(forOperation(operation, { verdict: 'FAIL', severity: 'high', title: 'Answers without credentials', detail: `The document declares security for it, yet a request without credentials got ${anonymous.status}.`, fix: FIX_AUTH }, anonymous.url));
          } else if (personal.length > 0) {
            findings.push(forOperation(operation, { verdict: 'FAIL', severity: 'high', title: 'Personal data without credentials', detail: `A request without credentials got ${anonymous.status} with personal data (${personal.slice(0, 5).join(', ')}).`, fix: FIX_AUTH }, anonymous.url));
          }
        }
        const secrets = new Set(secretsIn(anonymous.body));
        let url = anonymous.url;
        if (first !== undefined && operation.method === 'GET') {
          const authenticated = await client.send(operation, { identity: first, pathValues });
          if (authenticated !== undefined) {
            for (const name of secretsIn(authenticated.body)) secrets.add(name);
            url = authenticated.url;
          }
        }
        if (secrets.size > 0) {
          findings.push(forOperation(operation, { verdict: 'FAIL', severity: 'critical', title: 'Secret fields in the response', detail: `The response carries ${[...secrets].slice(0, 5).join(', ')}.`, fix: FIX_SECRET }, url));
        }
        if (findings.length === before) passed.push(operation);
      }),
    );
    return summarised(findings, passed, 'Operations require authentication', context.target.href, 'No operation could be sent (see --active).');
  },
};
