// Test-only: the real platform (assemblePlatform: guard, identity, every route) on 127.0.0.1
// port 0 over a private migrated database, users created through identity's registration, and
// real tokens from identity. Talk to it with undici over HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { assemblePlatform, type Platform } from '../../assembly/assemble-platform.js';
import { loadConfig } from '../../config/index.js';
import type { UserRole } from '../../db/schema/identity.js';
import { freshDatabase } from '../../../../../test-support/pglite-snapshot.js';
import { freshPostgresDatabase } from '../../../../../test-support/postgres-database.js';
import type { Identity } from '../../identity/index.js';
import { POSTGRES_URL } from '../../../../../test-support/services.js';
import { internalsOf } from '../../identity/internals.js';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly role: UserRole;
  readonly token: string;
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly platform: Platform;
  readonly identity: Identity;
  readonly baseUrl: string;
  /** Registers a user through identity (the registration code path) and gives it a token. */
  user(role: UserRole): Promise<TestUser>;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Raw body text, sent as is (with `contentType`). */
  readonly rawBody?: string;
  readonly contentType?: string;
  /** Extra request headers (e.g. X-Forwarded-For, with TRUST_PROXY=127.0.0.1). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  json(): unknown;
}

/** Swallows log lines (the tests assert on HTTP, not on logs). */
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

/** `pglite`: a clone of the migrated snapshot; `postgres`: a fresh database on the local
 * PostgreSQL (test-support/services.ts), dropped on close. */
export type Engine = 'pglite' | 'postgres';

export async function startTestServer(engine: Engine = 'pglite', env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rampart-access-'));
  const config = loadConfig({ RAMPART_ENV: 'development', RAMPART_DATA_DIR: dataDir, ...env }, dataDir);
  const database = engine === 'pglite' ? await freshDatabase() : await freshPostgresDatabase(POSTGRES_URL);
  // On PGlite the session runs as the least-privileged application role (SELECT, INSERT,
  // UPDATE; no DELETE), as `rampart serve` does on the embedded database.
  const platform = await assemblePlatform(config, {
    database,
    logStream: quiet,
    migrate: true,
    leastPrivilege: engine === 'pglite',
    identity: { controlSocket: false, env: {} },
  });
  const { app, identity } = platform;
  const baseUrl = await platform.listen({ host: '127.0.0.1', port: 0 }).catch(async (error: unknown) => {
    await platform.close();
    throw error;
  });

  return {
    app,
    platform,
    identity,
    baseUrl,
    async user(role) {
      const suffix = randomBytes(6).toString('hex');
      const email = `${role}-${suffix}@example.test`;
      const created = await internalsOf(identity).accounts.register(
        { email, password: `access matrix ${randomBytes(12).toString('hex')}`, displayName: `${role} ${suffix}` },
        role,
      );
      const tokens = await internalsOf(identity).issueTokensFor(created.id);
      return { id: created.id, email, role, token: tokens.accessToken };
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
      const response = await request(`${baseUrl}${path}`, { method: method as 'GET', headers, body });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
    },
    async close() {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
