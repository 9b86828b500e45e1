// Where a provider puts scopes and roles in its access tokens, and presets for the common ones.
// A claim path is a list of property names (never split on dots: Auth0's namespaced claims are
// URLs such as `https://example.com/roles`). A value found there counts when it is a
// space-separated string (`scope`, `scp`) or an array of strings (`permissions`, `roles`);
// anything else (numbers, objects, a missing claim) contributes nothing.
import type { JWTPayload } from 'jose';

/** Property names from the payload root, e.g. `['realm_access', 'roles']`. */
export type ClaimPath = readonly string[];

/** Every path listed contributes to the principal's scopes (or roles). */
export interface ClaimMapping {
  readonly scopes: readonly ClaimPath[];
  readonly roles: readonly ClaimPath[];
}

/** The OAuth 2.0 default: scopes from `scope`, no roles. */
export const defaultClaims: ClaimMapping = Object.freeze({ scopes: [['scope']], roles: [] });

/** Keycloak: scopes from `scope`; realm roles from `realm_access.roles` and, with `clientId`,
 * that client's roles from `resource_access.<clientId>.roles` (other clients' roles are ignored). */
export function keycloakClaims(options: { readonly clientId?: string } = {}): ClaimMapping {
  const roles: ClaimPath[] = [['realm_access', 'roles']];
  if (options.clientId !== undefined) roles.push(['resource_access', options.clientId, 'roles']);
  return Object.freeze({ scopes: [['scope']], roles });
}

/** Auth0: scopes from `scope` and the RBAC `permissions` array; roles from the namespaced claim
 * an Auth0 Action adds (e.g. `https://example.com/roles`), when named. */
export function auth0Claims(options: { readonly rolesClaim?: string } = {}): ClaimMapping {
  return Object.freeze({
    scopes: [['scope'], ['permissions']],
    roles: options.rolesClaim === undefined ? [] : [[options.rolesClaim]],
  });
}

/** Microsoft Entra ID: delegated scopes from `scp` (space-separated), app roles from `roles`. */
export function entraClaims(): ClaimMapping {
  return Object.freeze({ scopes: [['scp']], roles: [['roles']] });
}

function valueAt(payload: JWTPayload, path: ClaimPath): unknown {
  let node: unknown = payload;
  for (const name of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, name)) return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return node;
}

/** Longest single scope or role kept; longer entries are dropped, not truncated. */
const MAX_ENTRY_LENGTH = 256;
/** Most entries read from one claim (a token is at most 8 KiB anyway). */
const MAX_ENTRIES = 256;

function entriesOf(value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
  return list
    .slice(0, MAX_ENTRIES)
    .filter((entry): entry is string => typeof entry === 'string' && entry.length > 0 && entry.length <= MAX_ENTRY_LENGTH);
}

export function readClaimSet(payload: JWTPayload, paths: readonly ClaimPath[]): Set<string> {
  const found = new Set<string>();
  for (const path of paths) for (const entry of entriesOf(valueAt(payload, path))) found.add(entry);
  return found;
}
