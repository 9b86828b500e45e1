// `rampart db migrate` as a real process: on the embedded database and on PostgreSQL.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAvailable, POSTGRES_URL } from '../../../../test-support/services.js';
import { readMigrations } from '../db/migrate.js';
import { runRampart } from '../../../../test-support/rampart-cli.js';
import { adminQuery as admin } from './test-support/admin-query.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rampart-e2e-migrate-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const names = readMigrations().map((file) => file.name);

describe('rampart db migrate', { timeout: 240_000 }, () => {
  it('applies every migration to the embedded database once', async () => {
    const first = await runRampart(['db', 'migrate'], { RAMPART_DATA_DIR: dataDir }, 200_000);
    expect(first.code).toBe(0);
    expect(first.output).toContain(`applied ${names.length} migration(s) to the embedded database`);
    for (const name of names) expect(first.output).toContain(name);
    const second = await runRampart(['db', 'migrate'], { RAMPART_DATA_DIR: dataDir }, 200_000);
    expect(second).toEqual({ code: 0, output: 'database is up to date (the embedded database)\n' });
  });

  it('exits 2 on extra arguments', async () => {
    const result = await runRampart(['db', 'migrate', '--force'], { RAMPART_DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.output).toContain('takes no arguments');
  });
});

const pgUp = await postgresAvailable();

describe.runIf(pgUp)('rampart db migrate on PostgreSQL', { timeout: 120_000 }, () => {
  const database = `rampart_cli_${process.pid}_${Date.now()}`;
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

  it('a production server refuses an unmigrated database; db migrate applies everything once', async () => {
    await admin(`CREATE DATABASE ${database}`);
    const env = { DATABASE_URL: url.href, RAMPART_DATA_DIR: dataDir };
    const refused = await runRampart(['serve'], {
      ...env,
      RAMPART_ENV: 'production',
      ALLOWED_HOSTS: 'api.example.test',
      SECURITY_CONTACT: 'mailto:security@example.test',
      PORT: '0',
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('run `rampart db migrate` first');

    const result = await runRampart(['db', 'migrate'], { ...env, DATABASE_MIGRATION_URL: url.href });
    expect(result.code).toBe(0);
    expect(result.output).toContain(`applied ${names.length} migration(s) to PostgreSQL ${url.host}/${database}`);
    expect((await runRampart(['db', 'migrate'], { DATABASE_MIGRATION_URL: url.href, RAMPART_DATA_DIR: dataDir })).output).toBe(`database is up to date (PostgreSQL ${url.host}/${database})\n`);
  });

  it('migrates PostgreSQL with DATABASE_MIGRATION_URL alone, as the README runs it, never the embedded database', async () => {
    const alone = `${database}_alone`;
    const target = new URL(url.href);
    target.pathname = `/${alone}`;
    const untouched = mkdtempSync(join(tmpdir(), 'rampart-e2e-migrate-alone-'));
    try {
      await admin(`CREATE DATABASE ${alone}`);
      const result = await runRampart(['db', 'migrate'], { DATABASE_MIGRATION_URL: target.href, RAMPART_DATA_DIR: untouched });
      expect(result.code).toBe(0);
      expect(result.output).toContain(`applied ${names.length} migration(s) to PostgreSQL ${target.host}/${alone}`);
      expect(existsSync(join(untouched, 'pgdata'))).toBe(false);
      const client = new pg.Client({ connectionString: target.href });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>('SELECT name FROM rampart_migrations ORDER BY name');
        expect(rows.map((row) => row.name)).toEqual(names);
      } finally {
        await client.end();
      }
    } finally {
      rmSync(untouched, { recursive: true, force: true });
      await admin(`DROP DATABASE IF EXISTS ${alone} WITH (FORCE)`);
    }
  });
});
