// api-token-tampering (API2:2023): forged copies of an identity's JWT must all be refused.
import { createHmac } from 'node:crypto';
import { base64url, exportSPKI, importJWK, type JWK, type JWTPayload } from 'jose';
import type { AuditContext, Check, Finding } from '../checks/types.js';
import { createOperationClient, type OperationClient } from './client.js';
import { forOperation, isSuccess, noSurface } from './findings.js';
import { jwtOf, type IdentityJwt } from './jwt.js';
import { pathValuesFor } from './path-values.js';
import { parseJson } from './response-data.js';
import { isAllowed } from './safety.js';
import type { ApiSurface, Identity, Operation } from './types.js';

const FIX = 'Verify every token with an explicit algorithm list (never `none`, never HS* for an asymmetric key), a key chosen by the server (not by `kid` text), and check exp, iss and aud (e.g. jose jwtVerify with algorithms, issuer and audience).';
const JWKS_PATHS = ['/.well-known/jwks.json', '/jwks.json', '/.well-known/openid-configuration/jwks'];

const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
const hs256 = (header: Record<string, unknown>, payload: JWTPayload, secret: string | Uint8Array): string => {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${base64url.encode(createHmac('sha256', secret).update(input).digest())}`;
};

export interface ForgedToken {
  readonly name: string;
  readonly token: string;
}

/** Public keys the target publishes, as the PEM text a confused HS256 verifier would use as its secret. */
async function publishedKeys(context: AuditContext): Promise<string[]> {
  const pems: string[] = [];
  for (const path of JWKS_PATHS) {
    const response = await context.probe({ path, withoutUserHeaders: true, headers: { accept: 'application/json' } });
    const keys = (parseJson(response.body) as { keys?: unknown } | undefined)?.keys;
    if (!isSuccess(response.status) || !Array.isArray(keys)) continue;
    for (const key of keys.slice(0, 3) as JWK[]) {
      try {
        const alg = key.alg ?? (key.kty === 'EC' ? 'ES256' : key.kty === 'OKP' ? 'EdDSA' : 'RS256');
        const imported = await importJWK({ ...key, ext: true }, alg, { extractable: true });
        if (imported instanceof Uint8Array) continue;
        pems.push(await exportSPKI(imported));
      } catch {
        continue; // not a public key jose can read
      }
    }
    if (pems.length > 0) break;
  }
  return pems;
}

export async function forgeries(jwt: IdentityJwt, pems: readonly string[]): Promise<ForgedToken[]> {
  const [headerPart, payloadPart, signature] = jwt.token.split('.');
  const header = { ...jwt.protectedHeader };
  const payload = { ...jwt.payload };
  const now = Math.floor(Date.now() / 1000);
  const changed = { ...payload, sub: `${String(payload.sub ?? '')}-rampart`, role: 'admin', roles: ['admin'] };
  const forged: ForgedToken[] = [
    { name: 'alg none', token: `${encode({ ...header, alg: 'none' })}.${payloadPart ?? ''}.` },
    { name: 'alg None with the old signature', token: `${encode({ ...header, alg: 'None' })}.${payloadPart ?? ''}.${signature ?? ''}` },
    { name: 'payload changed under the old signature', token: `${headerPart ?? ''}.${encode(changed)}.${signature ?? ''}` },
    { name: 'kid injection (path to /dev/null, empty key)', token: hs256({ ...header, alg: 'HS256', kid: '../../../../../../../dev/null' }, payload, '') },
    { name: 'kid injection (SQL)', token: hs256({ ...header, alg: 'HS256', kid: "x' UNION SELECT 'rampart-audit' -- " }, payload, 'rampart-audit') },
    { name: 'expired copy', token: `${headerPart ?? ''}.${encode({ ...payload, iat: now - 7_200, nbf: now - 7_200, exp: now - 3_600 })}.${signature ?? ''}` },
  ];
  for (const [index, pem] of pems.entries()) {
    forged.push({ name: `HS256 signed with published key ${index + 1}`, token: hs256({ ...header, alg: 'HS256' }, payload, pem) });
  }
  return forged;
}

/** An operation the untouched token reads with 2xx (so a refusal of a forgery means something). */
async function probeOperation(client: OperationClient, surface: ApiSurface, identity: Identity): Promise<Operation | undefined> {
  const candidates = surface.operations
    .filter((op) => op.method === 'GET' && op.security !== 'none' && isAllowed(op, surface))
    .sort((a, b) => Number(/\{/.test(a.path)) - Number(/\{/.test(b.path)) || Number(b.security === 'required') - Number(a.security === 'required'));
  for (const operation of candidates.slice(0, 6)) {
    const response = await client.send(operation, { identity, pathValues: pathValuesFor(operation, []) });
    if (response === undefined || !isSuccess(response.status)) continue;
    const anonymous = await client.send(operation, { pathValues: pathValuesFor(operation, []) });
    if (anonymous !== undefined && !isSuccess(anonymous.status)) return operation; // it does need credentials
  }
  return undefined;
}

export const apiTokenTamperingCheck: Check = {
  id: 'api-token-tampering',
  title: 'Forged tokens are refused',
  category: 'API2:2023-Broken Authentication',
  description:
    "For each identity whose credential is a JWT: finds a GET operation that answers its token with 2xx and a request " +
    'without credentials with an error, then sends forged copies of the token there: alg none (and None with the old ' +
    'signature), the payload changed (sub, role admin) under the old signature, kid injection (a path to /dev/null with ' +
    'an empty HS256 key, a SQL kid), a copy expired an hour ago, and HS256 signed with each public key of the published ' +
    'JWKS (/.well-known/jwks.json) as the secret. Any forgery answered 2xx FAILs (critical); all refused PASS.',
  enabledByDefault: false,
  async run(context) {
    const surface = context.api;
    if (surface === undefined) return noSurface(context);
    const url = context.target.href;
    const client = createOperationClient(context, { ...surface, maxRequestsPerOperation: Math.max(surface.maxRequestsPerOperation, 40) });
    const findings: Finding[] = [];
    let pems: string[] | undefined;
    let tested = 0;
    for (const identity of surface.identities) {
      const jwt = await jwtOf(identity);
      if (jwt === undefined) continue;
      const operation = await probeOperation(client, surface, identity);
      if (operation === undefined) continue;
      pems ??= await publishedKeys(context);
      tested += 1;
      const accepted: string[] = [];
      let seenUrl = url;
      for (const forged of await forgeries(jwt, pems)) {
        const value = jwt.value.replace(jwt.token, forged.token);
        const response = await client.send(operation, { identity, pathValues: pathValuesFor(operation, []), headers: { [jwt.header]: value } });
        if (response === undefined) continue;
        seenUrl = response.url;
        if (isSuccess(response.status)) accepted.push(forged.name);
      }
      findings.push(
        accepted.length > 0
          ? forOperation(operation, { verdict: 'FAIL', severity: 'critical', title: 'A forged token is accepted', detail: `${identity.name}'s token, forged as ${accepted.join('; ')}, got 2xx.`, fix: FIX }, seenUrl)
          : forOperation(operation, { verdict: 'PASS', title: 'Forged tokens are refused', detail: `Every forged copy of ${identity.name}'s token was refused.` }, seenUrl),
      );
    }
    if (tested === 0) return [{ verdict: 'N/A', title: 'Forged tokens are refused', detail: 'No identity sends a JWT that a GET operation accepts (and refuses without credentials).', url }];
    return findings;
  },
};
