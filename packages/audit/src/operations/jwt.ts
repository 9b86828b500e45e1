// The JWT an identity sends (if its credential is one), and what its claims grant.
import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { Identity } from './types.js';

const JWT = /(?:^|[\s=])(eyJ[\w-]+\.eyJ[\w-]*\.[\w-]*)(?:$|[\s;,])/;

export interface IdentityJwt {
  /** The header that carries it and its full value (to rebuild it with another token). */
  readonly header: string;
  readonly value: string;
  readonly token: string;
  readonly protectedHeader: ProtectedHeaderParameters;
  readonly payload: JWTPayload;
}

export async function jwtOf(identity: Identity): Promise<IdentityJwt | undefined> {
  for (const [header, value] of Object.entries(await identity.headers())) {
    const token = JWT.exec(value)?.[1];
    if (token === undefined) continue;
    try {
      return { header, value, token, protectedHeader: decodeProtectedHeader(token), payload: decodeJwt(token) };
    } catch {
      continue;
    }
  }
  return undefined;
}

const list = (value: unknown): string[] =>
  typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Scopes and roles the token grants, or undefined when the credential is not a readable JWT. */
export interface Grants {
  readonly scopes: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
}

export function grantsOf(payload: JWTPayload): Grants {
  return {
    scopes: new Set([...list(payload.scope), ...list(payload.scp), ...list(payload.scopes), ...list(payload.permissions)]),
    roles: new Set([...list(payload.role), ...list(payload.roles), ...list((payload.realm_access as { roles?: unknown } | undefined)?.roles)]),
  };
}
