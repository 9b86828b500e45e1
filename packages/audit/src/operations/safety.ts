// Which operations a check may send at all. By default only GET, HEAD and OPTIONS; --active
// adds POST, PUT and PATCH (a test deployment: they create and change data); DELETE needs
// --allow-destructive as well. Operations that end a session (logout, revoke) are never sent:
// they would sign the audit's own identities out half-way through.
import type { ApiSurface, Operation } from './types.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const WRITES = new Set(['POST', 'PUT', 'PATCH']);
const SESSION_ENDING = /\/(?:log-?out|sign-?out|revoke)(?:\/|$)/i;

export type Refusal = 'needs --active' | 'needs --allow-destructive' | 'ends the session';

export function refusalFor(operation: Operation, surface: Pick<ApiSurface, 'active' | 'allowDestructive'>): Refusal | undefined {
  if (SESSION_ENDING.test(operation.path)) return 'ends the session';
  if (SAFE.has(operation.method)) return undefined;
  if (!surface.active) return 'needs --active';
  if (WRITES.has(operation.method)) return undefined;
  return surface.allowDestructive ? undefined : 'needs --allow-destructive';
}

export const isAllowed = (operation: Operation, surface: Pick<ApiSurface, 'active' | 'allowDestructive'>): boolean =>
  refusalFor(operation, surface) === undefined;
