// The production path with every secret in a file, as a Docker or Kubernetes secret mounts it:
// `rampart db provision`, `db migrate` and `serve` read DATABASE_ADMIN_URL_FILE, the role
// password files, DATABASE_MIGRATION_URL_FILE and DATABASE_URL_FILE (0600); `serve` refuses a
// secret file readable by others, naming the variable and the fix, and never prints the secret.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../test-support/services.js';
import { createTestCluster } from '../db/provision/test-support/test-cluster.js';
import type { TestCluster } from '../db/provision/test-support/test-cluster.js';
import { runRampart, startServe } from '../../../../test-support/rampart-cli.js';
import { rawRequest } from '../../../../test-support/raw-request.js';

const pgUp = await postgresAvailable();

describe.runIf(pgUp)('secrets as <NAME>_FILE files, end to end', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-secret-file-'));
  // Trust authentication on the test machine ignores passwords; these stand for real ones.
  const passwords = { migrator: randomBytes(18).toString('base64url'), app: randomBytes(18).toString('base64url'), readonly: randomBytes(18).toString('base64url') };
  let cluster: TestCluster;
  const env = {
    RAMPART_ENV: 'production',
    ALLOWED_HOSTS: 'api.example.test',
    SECURITY_CONTACT: 'mailto:security@example.test',
    RAMPART_DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'info',
  };
  const secretFile = (name: string, value: string, mode = 0o600) => {
    const path = join(dir, name);
    writeFileSync(path, `${value}\n`, { mode });
    return path;
  };
  const urlAs = (role: string, password: string) => {
    const url = new URL(cluster.urlAs(role));
    url.password = password;
    return url.href;
  };
  const expectNoSecret = (output: string) => {
    for (const password of Object.values(passwords)) expect(output).not.toContain(password);
  };

  beforeAll(async () => {
    cluster = await createTestCluster();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await cluster?.drop();
  });

  it('provisions, migrates and serves from 0600 files; a 0644 DATABASE_URL_FILE stops the start with exit code 1', async () => {
    const provisioned = await runRampart(['db', 'provision', '--role-prefix', cluster.roles.app.replace(/_app$/, '')], {
      ...env,
      DATABASE_ADMIN_URL_FILE: secretFile('admin-url', cluster.urlAs('postgres')),
      RAMPART_MIGRATOR_PASSWORD_FILE: secretFile('migrator-password', passwords.migrator),
      RAMPART_APP_PASSWORD_FILE: secretFile('app-password', passwords.app),
      RAMPART_READONLY_PASSWORD_FILE: secretFile('readonly-password', passwords.readonly),
    });
    expect(provisioned.code).toBe(0);
    expectNoSecret(provisioned.output);

    const migrated = await runRampart(['db', 'migrate'], { ...env, DATABASE_MIGRATION_URL_FILE: secretFile('migration-url', urlAs(cluster.roles.migrator, passwords.migrator)) });
    expect(migrated.code).toBe(0);
    expect(migrated.output).toContain(`to PostgreSQL`);
    expectNoSecret(migrated.output);

    const databaseUrl = urlAs(cluster.roles.app, passwords.app);
    const server = await startServe({ ...env, DATABASE_URL_FILE: secretFile('database-url', databaseUrl) });
    try {
      const health = await rawRequest(server.port, { path: '/health', headers: { host: 'api.example.test' } });
      expect(health.status).toBe(200);
      expect(server.output()).toMatch(/"storage":"postgres".*"msg":"rampart listening"/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expectNoSecret(server.output());

    const loose = secretFile('database-url-loose', databaseUrl, 0o644);
    const refused = await runRampart(['serve'], { ...env, PORT: '0', DATABASE_URL_FILE: loose });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`DATABASE_URL_FILE: names ${loose}, which is readable by group or others (mode 644)`);
    expect(refused.output).toContain(`chmod 600 ${loose}`);
    expectNoSecret(refused.output);

    const both = await runRampart(['serve'], { ...env, PORT: '0', DATABASE_URL: databaseUrl, DATABASE_URL_FILE: secretFile('database-url-2', databaseUrl) });
    expect(both.code).toBe(1);
    expect(both.output).toContain('DATABASE_URL and DATABASE_URL_FILE: are both set');
    expectNoSecret(both.output);
  });
});
