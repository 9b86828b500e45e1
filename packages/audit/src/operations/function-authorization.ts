// api-function-authorization (API5:2023): privileged operations sent as identities that lack
// the privilege.
import type { Check, Finding } from '../checks/types.js';
import { createOperationClient } from './client.js';
import { exampleOf } from './examples.js';
import { forOperation, isSuccess, noSurface, summarised } from './findings.js';
import { grantsOf, jwtOf, type Grants } from './jwt.js';
import { pathValuesFor } from './path-values.js';
import { isAllowed } from './safety.js';
import type { Operation } from './types.js';

const FIX = 'Check the role or scope on the server for every privileged operation (a route-level policy, deny by default), and answer 403.';
const ADMIN_LOOKING = /\/(?:admin|administration|internal|manage|management|superuser|staff)(?:\/|$)/i;

export const isAdminLooking = (operation: Operation): boolean =>
  ADMIN_LOOKING.test(operation.path) || operation.tags.some((tag) => /^(?:admin|internal|management)$/i.test(tag)) || operation.roles.some((r) => /admin/i.test(r));

/** What the identity lacks for the operation: missing scopes/roles, or undefined if it has them (or nobody knows). */
function lacking(operation: Operation, grants: Grants | undefined): string[] | undefined {
  if (grants === undefined) return undefined;
  const missing = [...operation.scopes.filter((s) => !grants.scopes.has(s)), ...operation.roles.filter((r) => !grants.roles.has(r)).map((r) => `role ${r}`)];
  if (missing.length === 0 && isAdminLooking(operation) && ![...grants.roles].some((r) => /admin/i.test(r))) return ['an admin role'];
  return missing.length === 0 ? undefined : missing;
}

export const apiFunctionAuthorizationCheck: Check = {
  id: 'api-function-authorization',
  title: 'Privileged operations check the role',
  category: 'API5:2023-Broken Function Level Authorization',
  description:
    'Reads each identity\'s grants from its JWT (scope, scp, scopes, permissions; role, roles). Sends every allowed ' +
    'operation that the document marks with scopes or x-roles an identity lacks, and every admin-looking operation ' +
    '(/admin, /internal, /manage paths, an admin tag), as that identity, with example parameters and body. 2xx FAILs ' +
    '(high) when the identity is known to lack the grant, and WARNs for an admin-looking operation when the grants are ' +
    'unknown (an opaque token); 401, 403 and 404 PASS.',
  enabledByDefault: false,
  async run(context) {
    const surface = context.api;
    if (surface === undefined) return noSurface(context);
    const url = context.target.href;
    if (surface.identities.length === 0) return [{ verdict: 'N/A', title: 'Privileged operations check the role', detail: 'Needs an identity: pass --auth.', url }];
    const client = createOperationClient(context, surface);
    const grants = new Map<string, Grants | undefined>();
    for (const identity of surface.identities) {
      const jwt = await jwtOf(identity);
      grants.set(identity.name, jwt === undefined ? undefined : grantsOf(jwt.payload));
    }
    const findings: Finding[] = [];
    const passed: Operation[] = [];
    const privileged = surface.operations.filter((op) => isAllowed(op, surface) && (op.scopes.length > 0 || op.roles.length > 0 || isAdminLooking(op)));
    await Promise.all(
      privileged.map(async (operation) => {
        for (const identity of surface.identities) {
          const known = grants.get(identity.name);
          const missing = lacking(operation, known);
          if (missing === undefined && !(known === undefined && isAdminLooking(operation))) continue;
          const body = operation.method === 'GET' || operation.requestBody === undefined ? undefined : (exampleOf(operation.requestBody) ?? {});
          const response = await client.send(operation, { identity, pathValues: pathValuesFor(operation, []), ...(body === undefined ? {} : { body }) });
          if (response === undefined) continue;
          if (!isSuccess(response.status)) {
            passed.push(operation);
            continue;
          }
          findings.push(
            missing === undefined
              ? forOperation(operation, { verdict: 'WARN', severity: 'medium', title: 'Admin-looking operation answers an ordinary identity', detail: `${identity.name} (grants unknown: not a JWT) got ${response.status}.`, fix: FIX }, response.url)
              : forOperation(operation, { verdict: 'FAIL', severity: 'high', title: 'Answers an identity without the privilege', detail: `${identity.name} lacks ${missing.slice(0, 4).join(', ')} yet got ${response.status}.`, fix: FIX }, response.url),
          );
        }
      }),
    );
    return summarised(findings, passed, 'Privileged operations check the role', url, 'No operation is marked with scopes or roles an identity lacks, and none looks like an admin operation.');
  },
};
