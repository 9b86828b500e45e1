// SIGTERM during load, on the real `rampart serve` process (built CLI, production mode, PostgreSQL
// as the application role): requests in flight complete, new connections are refused, exit 0.
// The client keeps its connections alive afterwards, as a load balancer does: the server must
// close them itself instead of waiting for them until the shutdown deadline.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../test-support/services.js';
import { migrate } from '../db/migrate.js';
import { postgresMigrationTarget } from '../db/migration-targets.js';
import { provisionRoles } from '../db/provision/index.js';
import { createTestCluster } from '../db/provision/test-support/test-cluster.js';
import type { TestCluster } from '../db/provision/test-support/test-cluster.js';
import { rampartBuilt, startServe, type RampartServe } from '../../../../test-support/rampart-cli.js';

const BUILT = rampartBuilt();
if (!BUILT) console.warn('skipping the SIGTERM test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && BUILT;
const secret = () => randomBytes(24).toString('base64url');
const IN_FLIGHT = 24;

describe.runIf(available)('SIGTERM during load', () => {
  let cluster: TestCluster;
  let dataDir: string;
  let server: RampartServe;

  beforeAll(async () => {
    cluster = await createTestCluster();
    await provisionRoles(cluster.connect('postgres'), { roles: cluster.roles, passwords: { migrator: secret(), app: secret(), readonly: secret() } });
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-sigterm-'));
    // Start-up is slow on a loaded 2-core machine: startServe waits for the listening line.
    server = await startServe(
      {
        RAMPART_ENV: 'production',
        ALLOWED_HOSTS: '127.0.0.1',
        SECURITY_CONTACT: 'mailto:security@example.test',
        RAMPART_DATA_DIR: dataDir,
        DATABASE_URL: cluster.urlAs(cluster.roles.app),
        RATE_LIMIT_LOGIN: '10000/minute',
      },
      150_000,
    );
  }, 180_000);

  afterAll(async () => {
    server?.kill();
    await cluster?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lets requests in flight complete, refuses new connections and exits 0', async () => {
    const base = server.baseUrl;
    const agent = new Agent({ connections: IN_FLIGHT + 4 });
    // Logins for unknown accounts still verify a dummy Argon2 hash: slow requests, no side effects.
    const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) =>
      request(`${base}/auth/login`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `nobody-${i}@example.test`, password: 'not the password, not at all' }),
      }).then(
        async (response) => ({ status: response.statusCode, body: await response.body.text(), at: Date.now() }),
        (error: Error & { code?: string }) => ({ status: 0, body: error.code ?? error.message, at: Date.now() }),
      ),
    );
    // Every request has reached the server (its log line) before the signal.
    const deadline = Date.now() + 30_000;
    while ((server.output().match(/incoming request/g) ?? []).length < IN_FLIGHT && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    server.child.kill('SIGTERM');
    const signalledAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresh = new Agent();
    const late = await request(`${base}/health`, { dispatcher: fresh }).then(
      (response) => `status ${response.statusCode}`,
      (error: Error & { code?: string }) => error.code ?? error.message,
    );
    const results = await Promise.all(inFlight);
    const code = await server.exited;
    await agent.close();
    await fresh.close();

    // Some of them really were in flight when the signal came (Argon2 keeps them busy).
    expect(results.filter((r) => r.at > signalledAt).length).toBeGreaterThan(0);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: IN_FLIGHT }, () => 401));
    for (const result of results) expect(JSON.parse(result.body)).toMatchObject({ error: 'invalid_credentials' });
    expect(late).toBe('ECONNREFUSED');
    expect(code, server.output().slice(-3000)).toBe(0);
    expect(server.output()).toContain('shut down');
  }, 120_000);
});
