// Which database a command touches is chosen from the variables meant for it alone; when a
// PostgreSQL URL is configured but not the one the command needs, the command refuses (exit 2
// for the db commands, a configuration error for the others) and the embedded database under
// RAMPART_DATA_DIR is never created.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { openDatabase } from '../../db/index.js';
import { runCli } from '../main.js';
import type { CliIo } from '../types.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rampart-db-choice-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Nothing listens on port 1: a command that wrongly connected would fail differently (exit 1).
const APP_URL = 'postgres://rampart_app:unused@127.0.0.1:1/rampart';
const MIGRATION_URL = 'postgres://rampart_migrator:unused@127.0.0.1:1/rampart';

async function rampart(argv: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (text: string) => err.push(text) },
    stdin: Readable.from(['']),
    env: { RAMPART_DATA_DIR: dataDir, ...env },
    cwd: dataDir,
  };
  const code = await runCli(argv, io);
  return { code, stderr: err.join('') };
}

describe('rampart db migrate chooses its connection from DATABASE_MIGRATION_URL alone', () => {
  it('refuses DATABASE_URL alone (exit 2) instead of migrating through the application role or the embedded database', async () => {
    const result = await rampart(['db', 'migrate'], { DATABASE_URL: APP_URL });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL is set but DATABASE_MIGRATION_URL is not');
    expect(result.stderr).toContain('set DATABASE_MIGRATION_URL=postgres://rampart_migrator:<password>@<host>/<database>');
    expect(result.stderr).not.toContain('unused');
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  });

  it('with DATABASE_MIGRATION_URL connects to it (here: unreachable, exit 1), not the embedded database', async () => {
    const result = await rampart(['db', 'migrate'], { DATABASE_MIGRATION_URL: MIGRATION_URL, DATABASE_URL: APP_URL });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ECONNREFUSED|connect/);
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  });
});

describe('rampart db provision chooses its connection from DATABASE_ADMIN_URL alone', () => {
  const passwords = { RAMPART_MIGRATOR_PASSWORD: 'm'.repeat(20), RAMPART_APP_PASSWORD: 'a'.repeat(20), RAMPART_READONLY_PASSWORD: 'r'.repeat(20) };

  it('refuses without DATABASE_ADMIN_URL (exit 2), saying the other URLs are not used', async () => {
    const result = await rampart(['db', 'provision'], { ...passwords, DATABASE_URL: APP_URL, DATABASE_MIGRATION_URL: MIGRATION_URL });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_ADMIN_URL is not set (DATABASE_URL and DATABASE_MIGRATION_URL name the roles being provisioned and are not used)');
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  });

  it.each([
    ['not a URL', 'db.internal/rampart', 'is not a URL'],
    ['not PostgreSQL', 'redis://127.0.0.1:6379/0', 'must be a postgres:// URL, not redis://'],
    ['no database', 'postgres://postgres@127.0.0.1:5432', 'names no database'],
  ])('refuses a DATABASE_ADMIN_URL that is %s (exit 2)', async (_, adminUrl, message) => {
    const result = await rampart(['db', 'provision'], { ...passwords, DATABASE_ADMIN_URL: adminUrl });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('the other commands open the database of DATABASE_URL', () => {
  it('refuse DATABASE_MIGRATION_URL without DATABASE_URL instead of opening the embedded database', async () => {
    const config = loadConfig({ RAMPART_DATA_DIR: dataDir, DATABASE_MIGRATION_URL: MIGRATION_URL }, dataDir);
    await expect(openDatabase(config)).rejects.toThrow(/DATABASE_URL: is unset while DATABASE_MIGRATION_URL names a PostgreSQL database/);
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
    const viaCli = await rampart(['users', 'lock', '--email', 'nobody@example.test'], { DATABASE_MIGRATION_URL: MIGRATION_URL });
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toContain('this command would open the embedded database instead');
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  });
});
