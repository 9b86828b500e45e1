// api-mass-assignment (API3:2023, --active only): privileged fields added to a valid body.
import type { Check, Finding, ProbeResponse } from '../checks/types.js';
import { createOperationClient, type OperationClient } from './client.js';
import { collectionOf, objectsOwnedBy } from './discovery.js';
import { exampleOf } from './examples.js';
import { forOperation, isSuccess, noSurface, summarised } from './findings.js';
import { pathValuesFor } from './path-values.js';
import { objectIdsIn, parseJson } from './response-data.js';
import { isAllowed } from './safety.js';
import { propertyNames } from './spec-operations.js';
import type { ApiSurface, Identity, Operation } from './types.js';

const FIX = 'Bind request bodies to an explicit allow list of writable fields (a strict schema with additionalProperties: false), and set roles, owners, prices and verification flags only on the server.';

/** Fields a client must never set, with the value the audit tries. */
export const PRIVILEGED_FIELDS: Readonly<Record<string, unknown>> = {
  role: 'admin',
  roles: ['admin'],
  isAdmin: true,
  scopes: ['admin'],
  ownerId: 'rampart-audit-owner',
  userId: 'rampart-audit-owner',
  price: 0,
  verified: true,
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The injected fields the response shows with the audit's value (top level or one object down). */
export function reflectedFields(body: string, injected: Readonly<Record<string, unknown>>): string[] {
  const value = parseJson(body);
  const objects = isObject(value) ? [value, ...Object.values(value).filter(isObject)] : [];
  return Object.entries(injected)
    .filter(([name, sent]) => objects.some((object) => name in object && JSON.stringify(object[name]) === JSON.stringify(sent)))
    .map(([name]) => name);
}

/** The GET that reads back what a write changed: same path (PATCH /me -> GET /me), or the item of a created object. */
function readBackOf(surface: ApiSurface, operation: Operation, response: ProbeResponse): { read: Operation; id?: string } | undefined {
  const same = surface.operations.find((op) => op.method === 'GET' && op.path === operation.path);
  if (same !== undefined) return { read: same };
  const id = objectIdsIn(response.body)[0];
  const item = surface.operations.find((op) => op.method === 'GET' && collectionOf(op) === operation.path);
  return item === undefined || id === undefined ? undefined : { read: item, id };
}

async function persisted(client: OperationClient, identity: Identity, operation: Operation, response: ProbeResponse, injected: Json, pathValues: Record<string, string>): Promise<string[]> {
  const readBack = readBackOf(client.surface, operation, response);
  if (readBack === undefined) return [];
  const values = readBack.id === undefined ? pathValues : pathValuesFor(readBack.read, [], readBack.id);
  const again = await client.send(readBack.read, { identity, pathValues: values });
  return again !== undefined && isSuccess(again.status) ? reflectedFields(again.body, injected) : [];
}

export const apiMassAssignmentCheck: Check = {
  id: 'api-mass-assignment',
  title: 'Privileged fields cannot be set',
  category: 'API3:2023-Broken Object Property Level Authorization',
  description:
    'Only with --active. Sends every POST, PUT and PATCH operation that takes a JSON body as the first identity, with a ' +
    'valid example body plus the privileged fields it does not declare: role, roles, isAdmin, scopes, ownerId, userId, ' +
    'price, verified. A 2xx that reflects one of them with the value sent, or shows it when read back (the GET of the ' +
    'same path, or of the created object), FAILs (high); a 2xx that drops them PASSes, as does a 4xx naming the field; a ' +
    '4xx that does not name it is INFO (the body may have been refused for another reason).',
  enabledByDefault: false,
  async run(context) {
    const surface = context.api;
    if (surface === undefined) return noSurface(context);
    const url = context.target.href;
    if (!surface.active) return [{ verdict: 'N/A', title: 'Privileged fields cannot be set', detail: 'Sends writes: run with --active against a test deployment.', url }];
    const identity = surface.identities[0];
    if (identity === undefined) return [{ verdict: 'N/A', title: 'Privileged fields cannot be set', detail: 'Needs an identity: pass --auth.', url }];
    const client = createOperationClient(context, surface);
    const own = await objectsOwnedBy(context, surface, identity);
    const writes = surface.operations.filter((op) => ['POST', 'PUT', 'PATCH'].includes(op.method) && op.requestBody !== undefined && isAllowed(op, surface));
    const findings: Finding[] = [];
    const passed: Operation[] = [];
    for (const operation of writes) {
      const declared = propertyNames(operation.requestBody);
      const injected = Object.fromEntries(Object.entries(PRIVILEGED_FIELDS).filter(([name]) => !declared.has(name)));
      if (Object.keys(injected).length === 0) continue;
      const example = exampleOf(operation.requestBody);
      const pathValues = pathValuesFor(operation, own);
      const response = await client.send(operation, { identity, pathValues, body: { ...(isObject(example) ? example : {}), ...injected } });
      if (response === undefined) continue;
      if (isSuccess(response.status)) {
        const reflected = reflectedFields(response.body, injected);
        const stored = reflected.length > 0 ? [] : await persisted(client, identity, operation, response, injected, pathValues);
        if (reflected.length + stored.length === 0) passed.push(operation);
        else {
          const how = reflected.length > 0 ? `reflected ${reflected.join(', ')}` : `stored ${stored.join(', ')} (read back)`;
          findings.push(forOperation(operation, { verdict: 'FAIL', severity: 'high', title: 'Privileged fields accepted', detail: `A body with ${Object.keys(injected).join(', ')} got ${response.status} and ${how}.`, fix: FIX }, response.url));
        }
      } else if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 403 && response.status !== 404 && response.status !== 429) {
        if (Object.keys(injected).some((name) => response.body.includes(name))) passed.push(operation);
        else findings.push(forOperation(operation, { verdict: 'INFO', title: 'Body refused without naming a field', detail: `Got ${response.status}; the refusal does not say which field, so the check cannot tell whether the privileged fields were the reason.` }, response.url));
      }
    }
    return summarised(findings, passed, 'Privileged fields cannot be set', url, 'No write operation with a JSON body could be sent (or every one was refused before validation: 401, 403, 404, 429).');
  },
};
