// Test support for the guard-core tests: a Fastify app built exactly as an application would
// (guardServerOptions + guard), with its real log output captured line by line.
import Fastify, { type FastifyInstance } from 'fastify';
import { GuardError } from '../errors/index.js';
import { guard } from '../plugin.js';
import { resolvePolicy } from '../policy/index.js';
import type { BearerVerifier, GuardPolicyInput, Principal } from '../policy/types.js';
import { guardServerOptions } from '../server-options.js';

export interface GuardedApp {
  readonly app: FastifyInstance;
  /** Every log line written so far, as written (JSON text). */
  readonly rawLines: string[];
  /** The same lines, parsed. */
  readonly lines: Record<string, unknown>[];
}

export async function buildGuardedApp(
  input: GuardPolicyInput,
  routes: (app: FastifyInstance) => void | Promise<void>,
): Promise<GuardedApp> {
  const rawLines: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const policy = resolvePolicy(input);
  const app = Fastify(
    guardServerOptions(policy, {
      logLevel: 'debug',
      logStream: {
        write(line: string) {
          rawLines.push(line);
          lines.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    }),
  );
  await app.register(guard, policy);
  await routes(app);
  await app.ready();
  return { app, rawLines, lines };
}

export const principal = (subject: string, scopes: string[] = [], roles: string[] = []): Principal => ({
  subject,
  scopes: new Set(scopes),
  roles: new Set(roles),
  issuer: 'https://issuer.test',
  claims: {},
});

/** A verifier over a fixed table of tokens (the application's real verifier checks JWTs). */
export function tableVerifier(table: Record<string, Principal>): BearerVerifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async verify(token: string): Promise<Principal> {
      calls.push(token);
      const found = Object.hasOwn(table, token) ? table[token] : undefined;
      if (!found) throw new GuardError('RAMPART_ERR_AUTH_INVALID_TOKEN');
      return found;
    },
  };
}

export const HOST = { host: 'localhost' } as const;

/** The API-profile security headers every response must carry. */
export const SECURITY_HEADER_NAMES = [
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'cache-control',
  'x-request-id',
] as const;

/** buildGuardedApp, listening on 127.0.0.1 port 0: returns the app and its base URL. */
export async function listenGuardedApp(
  input: GuardPolicyInput,
  routes: (app: FastifyInstance) => void | Promise<void>,
): Promise<GuardedApp & { readonly base: string }> {
  const built = await buildGuardedApp(input, routes);
  const base = await built.app.listen({ host: '127.0.0.1', port: 0 });
  return { ...built, base };
}
