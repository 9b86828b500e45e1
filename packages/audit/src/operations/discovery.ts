// The objects each identity owns, found once per audit and shared by the checks that need
// them: ids from each identity's list responses (and, with --active, from what it creates),
// minus every id another identity sees too (shared catalogue objects are nobody's own), plus
// the --id hints. Its requests have their own per-operation budget.
import type { AuditContext } from '../checks/types.js';
import { createOperationClient } from './client.js';
import { exampleOf } from './examples.js';
import { isSuccess } from './findings.js';
import { objectIdsIn } from './response-data.js';
import type { ApiSurface, Identity, Operation } from './types.js';

export interface OwnedObjects {
  /** identity name -> ids only that identity was shown (or was given with --id). */
  readonly owned: ReadonlyMap<string, readonly string[]>;
  /** identity name -> every id it was shown. */
  readonly seen: ReadonlyMap<string, ReadonlySet<string>>;
}

const MAX_IDS_PER_IDENTITY = 8;
const cache = new WeakMap<ApiSurface, Promise<OwnedObjects>>();

const hasPathParameter = (operation: Operation) => /\{[^}]+\}/.test(operation.path);

/** `GET /notes/{id}` -> `/notes`: the collection an item operation belongs to. */
export const collectionOf = (operation: Operation): string | undefined => {
  const match = /^(.*)\/\{[^{}/]+\}$/.exec(operation.path);
  return match?.[1];
};

/** GET operations that read one object by the id in their last path segment. */
export const itemReads = (surface: ApiSurface): Operation[] =>
  surface.operations.filter((op) => op.method === 'GET' && collectionOf(op) !== undefined);

export function ownedObjects(context: AuditContext, surface: ApiSurface): Promise<OwnedObjects> {
  let pending = cache.get(surface);
  if (pending === undefined) {
    pending = discover(context, surface);
    cache.set(surface, pending);
  }
  return pending;
}

/** The ids only `identity` owns; none without an identity. */
export async function objectsOwnedBy(context: AuditContext, surface: ApiSurface, identity: Identity | undefined): Promise<readonly string[]> {
  if (identity === undefined) return [];
  return (await ownedObjects(context, surface)).owned.get(identity.name) ?? [];
}

async function discover(context: AuditContext, surface: ApiSurface): Promise<OwnedObjects> {
  const client = createOperationClient(context, { ...surface, maxRequestsPerOperation: surface.identities.length * 2 });
  const collections = new Set(itemReads(surface).map(collectionOf));
  const lists = surface.operations.filter((op) => op.method === 'GET' && !hasPathParameter(op));
  const creates = surface.operations.filter((op) => op.method === 'POST' && collections.has(op.path));
  const seen = new Map<string, Set<string>>(surface.identities.map((identity) => [identity.name, new Set<string>()]));
  const record = (identity: Identity, body: string) => {
    for (const id of objectIdsIn(body)) seen.get(identity.name)?.add(id);
  };
  // Creations first, so the lists that follow show (or do not show) the new objects to others.
  for (const identity of surface.identities) {
    for (const create of creates) {
      const response = await client.send(create, { identity, body: exampleOf(create.requestBody) ?? {} });
      if (response !== undefined && isSuccess(response.status)) record(identity, response.body);
    }
  }
  await Promise.all(
    surface.identities.flatMap((identity) =>
      lists.map(async (list) => {
        const response = await client.send(list, { identity });
        if (response !== undefined && isSuccess(response.status)) record(identity, response.body);
      }),
    ),
  );
  const owned = new Map<string, string[]>();
  for (const identity of surface.identities) {
    const others = surface.identities.filter((other) => other !== identity).map((other) => seen.get(other.name) ?? new Set<string>());
    const own = [...(seen.get(identity.name) ?? [])].filter((id) => !others.some((set) => set.has(id)));
    const hinted = surface.idHints[identity.name] ?? [];
    owned.set(identity.name, [...new Set([...hinted, ...own])].slice(0, MAX_IDS_PER_IDENTITY + hinted.length));
  }
  return { owned, seen };
}
