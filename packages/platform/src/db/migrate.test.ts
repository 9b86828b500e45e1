import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, POSTGRES_URL } from '../../../../test-support/services.js';
import { migrate, MigrationError, pendingMigrations, pendingNames, readMigrations } from './migrate.js';
import { pgliteMigrationTarget, postgresMigrationTarget } from './migration-targets.js';
import type { MigrationFile } from './migrate.js';
import pg from 'pg';

const file = (name: string, checksum = name): MigrationFile => ({ name, checksum, sql: '' });

describe('pendingMigrations', () => {
  it('returns the files not yet applied, in order', () => {
    const files = [file('0001_a.sql'), file('0002_b.sql'), file('0003_c.sql')];
    expect(pendingMigrations(files, [{ name: '0001_a.sql', checksum: '0001_a.sql' }]).map((f) => f.name)).toEqual([
      '0002_b.sql',
      '0003_c.sql',
    ]);
  });

  it('refuses a migration edited after it was applied', () => {
    expect(() => pendingMigrations([file('0001_a.sql', 'new')], [{ name: '0001_a.sql', checksum: 'old' }])).toThrow(
      /changed after it was applied/,
    );
  });

  it('refuses a database that is ahead of this version', () => {
    expect(() => pendingMigrations([], [{ name: '0009_future.sql', checksum: 'x' }])).toThrow(/does not know/);
  });

  it('refuses a new migration numbered before an applied one', () => {
    expect(() =>
      pendingMigrations([file('0001_a.sql'), file('0002_b.sql')], [{ name: '0002_b.sql', checksum: '0002_b.sql' }]),
    ).toThrow(/sorts before/);
  });
});

describe('readMigrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-migrations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the project migrations in order with checksums', () => {
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
    for (const f of files) expect(f.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses badly named files and duplicate numbers', () => {
    writeFileSync(join(dir, '1_bad.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(MigrationError);
    rmSync(join(dir, '1_bad.sql'));
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0001_b.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/share the number 0001/);
  });
});

const GOOD: MigrationFile[] = [
  { name: '0001_one.sql', checksum: 'c1', sql: 'CREATE TABLE one (id int PRIMARY KEY);\nINSERT INTO one VALUES (1);' },
  { name: '0002_two.sql', checksum: 'c2', sql: 'CREATE TABLE two (id int PRIMARY KEY);' },
];
const BROKEN: MigrationFile = {
  name: '0003_broken.sql',
  checksum: 'c3',
  sql: 'CREATE TABLE three (id int);\nINSERT INTO nowhere VALUES (1);',
};

// PGlite's initdb takes seconds, far more on a loaded machine.
describe('migrate on PGlite', { timeout: 180_000 }, () => {
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = await PGlite.create();
  }, 180_000);
  afterAll(async () => {
    await pglite.close();
  });

  it('applies multi-statement files once, in order, and records them', async () => {
    const target = pgliteMigrationTarget(pglite);
    expect(await migrate(target, GOOD)).toEqual(['0001_one.sql', '0002_two.sql']);
    expect(await migrate(target, GOOD)).toEqual([]);
    expect((await pglite.query('SELECT id FROM one')).rows).toEqual([{ id: 1 }]);
    expect(await pendingNames(target, [...GOOD, BROKEN])).toEqual(['0003_broken.sql']);
  });

  it('rolls a failing migration back entirely and does not record it', async () => {
    const target = pgliteMigrationTarget(pglite);
    await expect(migrate(target, [...GOOD, BROKEN])).rejects.toThrow(/0003_broken.sql failed and was rolled back/);
    const three = await pglite.query("SELECT to_regclass('three') AS t");
    expect(three.rows).toEqual([{ t: null }]);
    expect(await pendingNames(target, [...GOOD, BROKEN])).toEqual(['0003_broken.sql']);
  });
});

const pgUp = await postgresAvailable();

describe.runIf(pgUp)('migrate on PostgreSQL', () => {
  const name = `rampart_migrate_${process.pid}_${Date.now()}`;
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const admin = () => new pg.Client({ connectionString: POSTGRES_URL });

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('applies, skips applied, and rolls back a failure', async () => {
    expect(await migrate(postgresMigrationTarget(url.href), GOOD)).toEqual(['0001_one.sql', '0002_two.sql']);
    await expect(migrate(postgresMigrationTarget(url.href), [...GOOD, BROKEN])).rejects.toThrow(MigrationError);
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    try {
      expect((await client.query("SELECT to_regclass('three') AS t")).rows).toEqual([{ t: null }]);
      expect((await client.query('SELECT name FROM rampart_migrations ORDER BY name')).rows).toEqual([
        { name: '0001_one.sql' },
        { name: '0002_two.sql' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('serialises two runners with the advisory lock: the second applies nothing', async () => {
    const more: MigrationFile = { name: '0004_more.sql', checksum: 'c4', sql: 'CREATE TABLE more (id int);' };
    const results = await Promise.all([
      migrate(postgresMigrationTarget(url.href), [...GOOD, more]),
      migrate(postgresMigrationTarget(url.href), [...GOOD, more]),
    ]);
    expect(results.flat()).toEqual(['0004_more.sql']);
  });
});
