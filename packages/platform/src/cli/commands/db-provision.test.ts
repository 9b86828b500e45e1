// `rampart db provision` end to end against a throw-away database on the local PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../../test-support/services.js';
import { findExcessPrivileges } from '../../db/privileges/index.js';
import { createTestCluster } from '../../db/provision/test-support/test-cluster.js';
import type { TestCluster } from '../../db/provision/test-support/test-cluster.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';
import { parseProvisionArgs, run } from './db-provision.js';

const available = await postgresAvailable();
const password = () => randomBytes(24).toString('base64url');

function io(env: Record<string, string>, stdin = ''): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    stdin: Readable.from([stdin]),
    env,
    cwd: process.cwd(),
  };
}

describe('parseProvisionArgs', () => {
  it('defaults to the rampart_* roles and accepts only --role-prefix', () => {
    expect(parseProvisionArgs([])).toEqual({ migrator: 'rampart_migrator', app: 'rampart_app', readonly: 'rampart_readonly' });
    expect(parseProvisionArgs(['--role-prefix', 'shop'])).toMatchObject({ app: 'shop_app' });
    for (const bad of [['--role-prefix'], ['--role-prefix', 'Bad-Name'], ['--role-prefix', 'x"; DROP ROLE postgres; --'], ['--password', 'x']]) {
      expect(() => parseProvisionArgs(bad)).toThrow(UsageError);
    }
  });
});

describe.runIf(available)('rampart db provision', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await createTestCluster();
  });
  afterAll(async () => {
    await cluster?.drop();
  });

  it('needs DATABASE_ADMIN_URL', async () => {
    await expect(run([], io({}))).rejects.toThrow(/DATABASE_ADMIN_URL is not set/);
  });

  it('takes passwords from the environment and standard input, never prints them, and can run again', async () => {
    const prefix = cluster.roles.app.replace(/_app$/, '');
    const secrets = { migrator: password(), app: password(), readonly: password() };
    const first = io(
      { DATABASE_ADMIN_URL: cluster.urlAs('postgres'), RAMPART_APP_PASSWORD: secrets.app },
      `${secrets.migrator}\n${secrets.readonly}\n`,
    );
    expect(await run(['--role-prefix', prefix], first)).toBe(0);
    const printed = first.out.join('');
    expect(printed).toContain(`created role ${cluster.roles.app}`);
    for (const secret of Object.values(secrets)) expect(printed).not.toContain(secret);
    expect(await findExcessPrivileges(cluster.connect(cluster.roles.app))).toEqual({ role: cluster.roles.app, excess: [] });

    const second = io({
      DATABASE_ADMIN_URL: cluster.urlAs('postgres'),
      RAMPART_MIGRATOR_PASSWORD: secrets.migrator,
      RAMPART_APP_PASSWORD: secrets.app,
      RAMPART_READONLY_PASSWORD: secrets.readonly,
    });
    expect(await run(['--role-prefix', prefix], second)).toBe(0);
    expect(second.out.join('')).toContain(`updated role ${cluster.roles.migrator}`);
  });

  it('refuses a missing or weak password without echoing it', async () => {
    const prefix = cluster.roles.app.replace(/_app$/, '');
    const env = { DATABASE_ADMIN_URL: cluster.urlAs('postgres'), RAMPART_MIGRATOR_PASSWORD: password(), RAMPART_APP_PASSWORD: 'hunter2' };
    await expect(run(['--role-prefix', prefix], io(env, ''))).rejects.toThrow(/RAMPART_READONLY_PASSWORD not set/);
    const error = await run(['--role-prefix', prefix], io({ ...env, RAMPART_READONLY_PASSWORD: password() })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/application password must be 16 to 256/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('reads the admin URL and the passwords from <NAME>_FILE files (0600 in production)', async () => {
    const prefix = cluster.roles.app.replace(/_app$/, '');
    const dir = mkdtempSync(join(tmpdir(), 'rampart-provision-secrets-'));
    try {
      const file = (name: string, value: string, mode = 0o600) => {
        writeFileSync(join(dir, name), `${value}\n`, { mode });
        return join(dir, name);
      };
      const env = {
        RAMPART_ENV: 'production',
        DATABASE_ADMIN_URL_FILE: file('admin-url', cluster.urlAs('postgres')),
        RAMPART_MIGRATOR_PASSWORD_FILE: file('migrator', password()),
        RAMPART_APP_PASSWORD_FILE: file('app', password()),
        RAMPART_READONLY_PASSWORD_FILE: file('readonly', password()),
      };
      const fromFiles = io(env);
      expect(await run(['--role-prefix', prefix], fromFiles)).toBe(0);
      expect(fromFiles.out.join('')).toContain(`provisioned database`);
      const loose = { ...env, RAMPART_APP_PASSWORD_FILE: file('loose', password(), 0o644) };
      await expect(run(['--role-prefix', prefix], io(loose))).rejects.toThrow(/RAMPART_APP_PASSWORD_FILE: names .* readable by group or others/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
