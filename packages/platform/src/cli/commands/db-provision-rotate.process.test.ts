// `rampart db provision --rotate app` while a real `rampart serve` runs as the application role
// (production, least privilege): the role's stored SCRAM verifier becomes the new password's,
// nothing else changes, the running server keeps serving on its open connections, and the
// rotation is a sys_admin_action event. (The local PostgreSQL trusts local connections, so the
// test checks the verifier itself rather than a refused login with the old password.)
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.js';
import { postgresMigrationTarget } from '../../db/migration-targets.js';
import { provisionRoles, scramVerifier } from '../../db/provision/index.js';
import { createTestCluster, type TestCluster } from '../../db/provision/test-support/test-cluster.js';
import { rampartBuilt, runRampart, startServe, type RampartServe } from '../../../../../test-support/rampart-cli.js';
import { postgresAvailable } from '../../../../../test-support/services.js';

if (!rampartBuilt()) console.warn('skipping the db provision --rotate process test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && rampartBuilt();
const secret = () => randomBytes(24).toString('base64url');

describe.runIf(available)('rampart db provision --rotate app under a running server', () => {
  let cluster: TestCluster;
  let server: RampartServe;
  let dataDir: string;
  const prefix = () => cluster.roles.app.replace(/_app$/, '');

  beforeAll(async () => {
    cluster = await createTestCluster();
    await provisionRoles(cluster.connect('postgres'), { roles: cluster.roles, passwords: { migrator: secret(), app: secret(), readonly: secret() } });
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    dataDir = await mkdtemp(join(tmpdir(), 'rmp-rot-'));
    server = await startServe({
      RAMPART_ENV: 'production',
      ALLOWED_HOSTS: '127.0.0.1',
      SECURITY_CONTACT: 'mailto:security@example.test',
      REQUIRE_VERIFIED_EMAIL: 'false',
      RAMPART_DATA_DIR: dataDir,
      DATABASE_URL: cluster.urlAs(cluster.roles.app),
    });
  }, 400_000);

  afterAll(async () => {
    await server?.stop().catch(() => server.kill());
    await cluster?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const verifierOf = async (role: string) => {
    const { rows } = await sql<{ verifier: string }>`select rolpassword as verifier from pg_authid where rolname = ${role}`.execute(cluster.connect('postgres'));
    return String(rows[0]?.verifier);
  };
  /** Whether `password` is the one behind a stored `SCRAM-SHA-256$<iterations>:<salt>$...`. */
  const matches = (verifier: string, password: string) => {
    const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(verifier) ?? [];
    return scramVerifier(password, Buffer.from(String(salt), 'base64'), Number(iterations)) === verifier;
  };

  it('sets the new password of the application role only; the server keeps serving', async () => {
    const user = { email: `rot-${randomBytes(4).toString('hex')}@example.test`, password: `rotation ${secret()}` };
    expect((await server.call('POST', '/auth/register', { body: { ...user, displayName: 'Rot' } })).status).toBe(201);
    const migratorBefore = await verifierOf(cluster.roles.migrator);
    const next = secret();
    const rotated = await runRampart(['db', 'provision', '--rotate', 'app', '--role-prefix', prefix()], {
      DATABASE_ADMIN_URL: cluster.urlAs('postgres'),
      RAMPART_APP_PASSWORD: next,
    });
    expect(rotated.output).toContain(`new password set for role ${cluster.roles.app}`);
    expect(rotated.code).toBe(0);
    expect(matches(await verifierOf(cluster.roles.app), next)).toBe(true);
    expect(await verifierOf(cluster.roles.migrator)).toBe(migratorBefore);
    const login = await server.call('POST', '/auth/login', { body: user });
    expect(login.status).toBe(200);
    expect((await server.call('GET', '/api/me', { token: String(login.body.accessToken) })).status).toBe(200);
    const events = await cluster.connect('postgres').selectFrom('security_events' as never).select(['detail' as never]).where('kind' as never, '=', 'sys_admin_action' as never).execute();
    expect(events).toEqual([{ detail: { action: 'db_password_rotate', role: cluster.roles.app } }]);
  });

  it('takes the password from standard input, and refuses a weak one and an unknown role', async () => {
    const next = secret();
    const piped = await runRampart(['db', 'provision', '--rotate', 'readonly', '--role-prefix', prefix()], { DATABASE_ADMIN_URL: cluster.urlAs('postgres') }, 60_000, `${next}\n`);
    expect(piped.code, piped.output).toBe(0);
    expect(matches(await verifierOf(cluster.roles.readonly), next)).toBe(true);
    const weak = await runRampart(['db', 'provision', '--rotate', 'app', '--role-prefix', prefix()], { DATABASE_ADMIN_URL: cluster.urlAs('postgres'), RAMPART_APP_PASSWORD: 'short' });
    expect(weak.code).toBe(1);
    expect(weak.output).toContain('RAMPART_APP_PASSWORD must be 16 to 256 printable ASCII characters');
    const bad = await runRampart(['db', 'provision', '--rotate', 'superuser'], { DATABASE_ADMIN_URL: cluster.urlAs('postgres') });
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--rotate needs one of migrator, app, readonly, not "superuser"');
    const missing = await runRampart(['db', 'provision', '--rotate', 'app', '--role-prefix', 'nobody_here'], { DATABASE_ADMIN_URL: cluster.urlAs('postgres'), RAMPART_APP_PASSWORD: secret() });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('there is no role nobody_here_app');
  });
});
