// api-input-handling (API8:2023): schema-breaking values in every parameter (and, with
// --active, every top-level body field); internals in any answer FAIL, 5xx WARN.
import { randomBytes } from 'node:crypto';
import { findLeaks } from '../checks/error-signatures.js';
import type { Check, Finding, ProbeResponse } from '../checks/types.js';
import { createOperationClient } from './client.js';
import { objectsOwnedBy } from './discovery.js';
import { exampleOf } from './examples.js';
import { forOperation, noSurface, summarised } from './findings.js';
import { pathValuesFor } from './path-values.js';
import { isAllowed } from './safety.js';
import type { Operation } from './types.js';

/** The hostile values, each a name (for the report) and the text sent. */
export const HOSTILE_VALUES: readonly (readonly [string, string])[] = [
  ['SQL quote', "1'"],
  ['SQL tautology', "' OR '1'='1' --"],
  ['NoSQL operator', '{"$ne":null}'],
  ['path traversal', '../../../../../../etc/passwd'],
  ['negative number', '-1'],
  ['huge number', '99999999999999999999999999'],
  ['wrong type', 'true'],
  ['long string', 'A'.repeat(4_096)],
  ['unicode', '\u202e\u0000\ud83e\udd84\u0301'],
  ['missing id', `rampart-audit-missing-${randomBytes(4).toString('hex')}`],
];
const BODY_VALUES: readonly (readonly [string, unknown])[] = [
  ['wrong type (object)', { $gt: '' }],
  ['wrong type (array)', ['x']],
  ['huge number', 1e308],
  ['SQL quote', "1'"],
  ['long string', 'A'.repeat(10_000)],
];

const FIX_LEAK = 'Answer every error with a generic body (an error code and a request id), log the details server-side only, and validate parameters against the schema before use.';
const FIX_5XX = 'Validate every parameter against its schema and answer 400 for values that do not fit; a 5xx means the value reached code that did not expect it.';

function grade(operation: Operation, what: string, response: ProbeResponse): Finding | undefined {
  const leaks = findLeaks(response.body);
  if (leaks.length > 0) {
    const names = [...new Set(leaks.map((l) => l.signature.name))].slice(0, 3).join(', ');
    return forOperation(operation, { verdict: 'FAIL', severity: 'high', title: 'Internals in the response', detail: `${what} got ${response.status} showing ${names} ("${leaks[0]?.excerpt ?? ''}").`, fix: FIX_LEAK }, response.url);
  }
  if (response.status >= 500) return forOperation(operation, { verdict: 'WARN', severity: 'medium', title: 'Server error on bad input', detail: `${what} got ${response.status}.`, fix: FIX_5XX }, response.url);
  return undefined;
}

export const apiInputHandlingCheck: Check = {
  id: 'api-input-handling',
  title: 'Bad input gets a clean 4xx',
  category: 'API8:2023-Security Misconfiguration',
  description:
    'Sends each path and query parameter of every allowed operation, one at a time, values that break its schema: a SQL ' +
    'quote and tautology, a NoSQL operator, path traversal, negative and huge numbers, a boolean, a 4 KiB string, ' +
    'bidi/NUL/emoji unicode and an id that does not exist; with --active, each top-level field of an example JSON body ' +
    'gets a wrong type, a huge number, a quote and a 10 KB string. Requests go as the first identity. A stack trace, SQL ' +
    'error text, server file path or framework internals in any answer FAIL (the error-leakage signatures); a 5xx WARNs.',
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
      surface.operations.filter((op) => isAllowed(op, surface)).map(async (operation) => {
        const base = pathValuesFor(operation, own);
        const example = operation.requestBody === undefined ? undefined : exampleOf(operation.requestBody);
        const withIdentity = identity === undefined ? {} : { identity };
        const bodyFor = (field?: string, value?: unknown) =>
          operation.method === 'GET' || example === undefined ? {} : { body: field === undefined || typeof example !== 'object' || example === null ? example : { ...example, [field]: value } };
        let found: Finding | undefined;
        let sent = 0;
        for (const parameter of operation.parameters.filter((p) => p.in === 'path' || p.in === 'query')) {
          for (const [name, value] of HOSTILE_VALUES) {
            if (found !== undefined) break;
            const response = await client.send(operation, {
              ...withIdentity,
              pathValues: parameter.in === 'path' ? { ...base, [parameter.name]: value } : base,
              ...(parameter.in === 'query' ? { query: { [parameter.name]: value } } : {}),
              ...bodyFor(),
            });
            if (response === undefined) continue;
            sent += 1;
            found = grade(operation, `${parameter.name} = ${name}`, response);
          }
        }
        const fields = typeof example === 'object' && example !== null && !Array.isArray(example) ? Object.keys(example) : [];
        for (const field of fields) {
          for (const [name, value] of BODY_VALUES) {
            if (found !== undefined || operation.method === 'GET') break;
            const response = await client.send(operation, { ...withIdentity, pathValues: base, ...bodyFor(field, value) });
            if (response === undefined) continue;
            sent += 1;
            found = grade(operation, `body field ${field} = ${name}`, response);
          }
        }
        if (found !== undefined) findings.push(found);
        else if (sent > 0) passed.push(operation);
      }),
    );
    return summarised(findings, passed, 'Bad input gets a clean 4xx', context.target.href, 'No operation with parameters (or, with --active, a JSON body) could be sent.');
  },
};
