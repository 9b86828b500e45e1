// api-object-authorization (API1:2023): ids one identity owns, requested by another.
import type { Check, Finding } from '../checks/types.js';
import { createOperationClient } from './client.js';
import { itemReads, ownedObjects } from './discovery.js';
import { forOperation, isSuccess, noSurface, summarised } from './findings.js';
import { lastPathParameter, pathValuesFor } from './path-values.js';
import { objectIdsIn } from './response-data.js';
import type { Identity, Operation } from './types.js';

const FIX = "Scope every object lookup to the caller (WHERE id = $1 AND owner_id = $caller), and answer 404 for another user's object (never reveal that it exists).";
const MAX_IDS_TRIED = 4;

/** Numeric ids next to an owned one, which an enumerating attacker would try first. */
const neighbours = (id: string): string[] => (/^\d{1,15}$/.test(id) ? [String(Number(id) + 1), String(Math.max(0, Number(id) - 1))] : []);

export const apiObjectAuthorizationCheck: Check = {
  id: 'api-object-authorization',
  title: 'Objects are scoped to their owner',
  category: 'API1:2023-Broken Object Level Authorization',
  description:
    "Needs two identities (--auth). Finds the ids each identity owns (from its list responses and, with --active, what it " +
    'creates; ids another identity also sees are shared and skipped; --id NAME=VALUE adds hints), then reads each owned ' +
    "object through every GET operation ending in a path parameter: first as its owner (a 2xx confirms it), then as the " +
    "other identity. The other identity getting 2xx with the owner's object FAILs (critical); 401, 403 or 404 PASS. Numeric " +
    'ids next to an owned one are tried as the other identity too: a 2xx for an id that is not its own WARNs.',
  enabledByDefault: false,
  async run(context) {
    const surface = context.api;
    if (surface === undefined) return noSurface(context);
    const url = context.target.href;
    if (surface.identities.length < 2) {
      return [{ verdict: 'N/A', title: 'Objects are scoped to their owner', detail: 'Needs two identities: pass --auth (or --auth-cmd) twice.', url }];
    }
    const client = createOperationClient(context, surface);
    const { owned, seen } = await ownedObjects(context, surface);
    const findings: Finding[] = [];
    const passed: Operation[] = [];
    const tryAs = async (operation: Operation, owner: Identity, other: Identity, id: string) => {
      const pathValues = pathValuesFor(operation, [], id);
      const mine = await client.send(operation, { identity: owner, pathValues });
      if (mine === undefined || !isSuccess(mine.status)) return;
      const theirs = await client.send(operation, { identity: other, pathValues });
      if (theirs === undefined) return;
      if (isSuccess(theirs.status) && (theirs.body === mine.body || objectIdsIn(theirs.body).includes(id))) {
        findings.push(forOperation(operation, { verdict: 'FAIL', severity: 'critical', title: "Another identity reads the owner's object", detail: `${other.name} got ${theirs.status} and ${owner.name}'s object for ${lastPathParameter(operation) ?? 'id'}=${id}.`, fix: FIX }, theirs.url));
      } else if (!isSuccess(theirs.status)) passed.push(operation);
    };
    const tryNeighbour = async (operation: Operation, other: Identity, id: string) => {
      if (seen.get(other.name)?.has(id) === true) return; // its own object
      const theirs = await client.send(operation, { identity: other, pathValues: pathValuesFor(operation, [], id) });
      if (theirs !== undefined && isSuccess(theirs.status) && objectIdsIn(theirs.body).includes(id)) {
        findings.push(forOperation(operation, { verdict: 'WARN', severity: 'medium', title: 'An enumerated id is readable', detail: `${other.name} got ${theirs.status} for id ${id}, next to another identity's object and not among its own; check that it is public.`, fix: FIX }, theirs.url));
      }
    };
    const reads = itemReads(surface);
    await Promise.all(
      reads.map(async (operation) => {
        for (const owner of surface.identities) {
          const other = surface.identities.find((candidate) => candidate !== owner);
          if (other === undefined) continue;
          const ids = (owned.get(owner.name) ?? []).slice(0, MAX_IDS_TRIED);
          for (const id of ids) await tryAs(operation, owner, other, id);
          for (const id of new Set(ids.flatMap(neighbours))) if (!ids.includes(id)) await tryNeighbour(operation, other, id);
        }
      }),
    );
    const empty = [...owned.values()].every((ids) => ids.length === 0)
      ? 'No identity was shown an object of its own (list responses with ids); pass --id NAME=VALUE.'
      : 'No owned object could be read by its owner through a GET operation ending in a path parameter.';
    return summarised(findings, passed, 'Objects are scoped to their owner', url, reads.length === 0 ? 'No GET operation ends in a path parameter.' : empty);
  },
};
