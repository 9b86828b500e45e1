// Production serves the web app too: one production instance over a provisioned PostgreSQL
// answers / with the page CSP (production's refusals accept the platform's Trusted Types
// additions) and the hashed assets with their year-long cache.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../test-support/services.js';
import { migrate } from '../db/migrate.js';
import { postgresMigrationTarget } from '../db/migration-targets.js';
import { provisionRoles } from '../db/provision/index.js';
import { createTestCluster, type TestCluster } from '../db/provision/test-support/test-cluster.js';
import { startInstance, type Instance } from '../production/test-support/instance.js';
import { ASSET_CACHE_CONTROL, DEFAULT_WEB_ROOT } from './web-app.js';

const available = await postgresAvailable();
const secret = () => randomBytes(24).toString('base64url');

describe.runIf(available)('the web app in production mode', () => {
  let cluster: TestCluster;
  let dataDir: string;
  let instance: Instance;

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'manifest.json'))) execFileSync(process.execPath, [join(DEFAULT_WEB_ROOT, '..', 'build.js')]);
    cluster = await createTestCluster();
    await provisionRoles(cluster.connect('postgres'), { roles: cluster.roles, passwords: { migrator: secret(), app: secret(), readonly: secret() } });
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-web-production-'));
    instance = await startInstance({ databaseUrl: cluster.urlAs(cluster.roles.app), dataDir });
  });

  afterAll(async () => {
    await instance?.close();
    await cluster?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the page with Trusted Types and HSTS, and the assets with a year-long cache', async () => {
    const page = await instance.call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(String(page.headers['content-security-policy'])).toContain("require-trusted-types-for 'script'; trusted-types default");
    expect(page.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    const { script } = JSON.parse(readFileSync(join(DEFAULT_WEB_ROOT, 'manifest.json'), 'utf8')) as { script: string };
    const asset = await instance.call('GET', `/assets/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
    expect((await instance.call('GET', '/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
