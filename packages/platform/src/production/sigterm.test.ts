// SIGTERM during load, on the real `rampart serve` process (built CLI, production mode, PostgreSQL
// as the application role): requests in flight complete, new connections are refused, exit 0.
// The client keeps its connections alive afterwards, as a load balancer does: the server must
// close them itself instead of waiting for them until the shutdown deadline.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../test-support/services.js';
import { migrate } from '../db/migrate.js';
import { postgresMigrationTarget } from '../db/migration-targets.js';
import { provisionRoles } from '../db/provision/index.js';
import { createTestCluster } from '../db/provision/test-support/test-cluster.js';
import type { TestCluster } from '../db/provision/test-support/test-cluster.js';
import { freePort } from './test-support/ports.js';

const CLI = fileURLToPath(new URL('../../bin/rampart.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
if (!BUILT) console.warn('skipping the SIGTERM test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && BUILT;
const secret = () => randomBytes(24).toString('base64url');
const IN_FLIGHT = 24;

describe.runIf(available)('SIGTERM during load', () => {
  let cluster: TestCluster;
  let dataDir: string;
  let child: ChildProcess;
  let port: number;
  let output = '';
  let exit: Promise<number | null>;

  beforeAll(async () => {
    cluster = await createTestCluster();
    await provisionRoles(cluster.connect('postgres'), { roles: cluster.roles, passwords: { migrator: secret(), app: secret(), readonly: secret() } });
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-sigterm-'));
    port = await freePort();
    child = spawn(process.execPath, [CLI, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        RAMPART_ENV: 'production',
        ALLOWED_HOSTS: '127.0.0.1',
        SECURITY_CONTACT: 'mailto:security@example.test',
        RAMPART_DATA_DIR: dataDir,
        DATABASE_URL: cluster.urlAs(cluster.roles.app),
        HOST: '127.0.0.1',
        PORT: String(port),
        RATE_LIMIT_LOGIN: '10000/minute',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    // Start-up is slow on a loaded 2-core machine: wait for the listening line.
    const deadline = Date.now() + 150_000;
    while (!output.includes('rampart listening')) {
      if (child.exitCode !== null) throw new Error(`serve exited during start:\n${output.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`serve did not start:\n${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await cluster?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lets requests in flight complete, refuses new connections and exits 0', async () => {
    const base = `http://127.0.0.1:${port}`;
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
    while ((output.match(/incoming request/g) ?? []).length < IN_FLIGHT && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGTERM');
    const signalledAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresh = new Agent();
    const late = await request(`${base}/health`, { dispatcher: fresh }).then(
      (response) => `status ${response.statusCode}`,
      (error: Error & { code?: string }) => error.code ?? error.message,
    );
    const results = await Promise.all(inFlight);
    const code = await exit;
    await agent.close();
    await fresh.close();

    // Some of them really were in flight when the signal came (Argon2 keeps them busy).
    expect(results.filter((r) => r.at > signalledAt).length).toBeGreaterThan(0);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: IN_FLIGHT }, () => 401));
    for (const result of results) expect(JSON.parse(result.body)).toMatchObject({ error: 'invalid_credentials' });
    expect(late).toBe('ECONNREFUSED');
    expect(code, output.slice(-3000)).toBe(0);
    expect(output).toContain('shut down');
  }, 120_000);
});
