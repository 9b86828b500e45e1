import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { readEnvironment } from './env-file.js';
import { resolveSecretFiles, SECRET_VARIABLES } from './secret-files.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-secret-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Made at run time: a password literal in a source file is what rampart scan refuses.
const PASSWORD = randomBytes(9).toString('hex');
const DB_URL = `postgres://rampart_app:${PASSWORD}@db.internal:5432/rampart`;

function secretFile(name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

function issuesOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('<NAME>_FILE secret settings', () => {
  it('reads the value from the file, trimming one trailing newline, and drops NAME_FILE', () => {
    const path = secretFile('db-url', `${DB_URL}\n`, 0o600);
    const env = resolveSecretFiles({ RAMPART_ENV: 'production', DATABASE_URL_FILE: path }, dir);
    expect(env.DATABASE_URL).toBe(DB_URL);
    expect(env.DATABASE_URL_FILE).toBeUndefined();
    expect(env.RAMPART_ENV).toBe('production');
  });

  it('keeps a value without newline as it is, and only one newline is trimmed', () => {
    expect(resolveSecretFiles({ REDIS_URL_FILE: secretFile('redis', 'redis://:pw@cache:6379', 0o600) }, dir).REDIS_URL).toBe('redis://:pw@cache:6379');
    expect(resolveSecretFiles({ RAMPART_APP_PASSWORD_FILE: secretFile('crlf', 'pw\r\n', 0o600) }, dir).RAMPART_APP_PASSWORD).toBe('pw');
    expect(resolveSecretFiles({ RAMPART_APP_PASSWORD_FILE: secretFile('two', 'pw \n\n', 0o600) }, dir).RAMPART_APP_PASSWORD).toBe('pw \n');
  });

  it('accepts every secret setting, and resolves a relative path against cwd', () => {
    secretFile('relative', 'value', 0o600);
    for (const variable of SECRET_VARIABLES) {
      expect(resolveSecretFiles({ [`${variable}_FILE`]: 'relative' }, dir)[variable]).toBe('value');
    }
  });

  it('leaves an environment without NAME_FILE untouched (the same object)', () => {
    const env = { DATABASE_URL: DB_URL, RAMPART_ENV: 'production' };
    expect(resolveSecretFiles(env, dir)).toBe(env);
  });

  it('ignores _FILE for settings that are not secrets', () => {
    const env = { ALLOWED_HOSTS_FILE: join(dir, 'missing') };
    expect(resolveSecretFiles(env, dir)).toBe(env);
  });

  it('refuses NAME and NAME_FILE together, naming both', () => {
    const path = secretFile('both', DB_URL, 0o600);
    const error = issuesOf(() => resolveSecretFiles({ DATABASE_URL: DB_URL, DATABASE_URL_FILE: path }, dir));
    expect(error.issues).toEqual([expect.objectContaining({ variable: 'DATABASE_URL and DATABASE_URL_FILE' })]);
    expect(error.message).toContain('set only one of DATABASE_URL and DATABASE_URL_FILE');
  });

  it('names the variable of a missing, empty or non-regular file, never the content', () => {
    const missing = issuesOf(() => resolveSecretFiles({ REDIS_URL_FILE: join(dir, 'nope') }, dir));
    expect(missing.issues[0]?.variable).toBe('REDIS_URL_FILE');
    expect(missing.message).toContain('cannot be read (ENOENT)');
    const directory = join(dir, 'a-directory');
    mkdirSync(directory);
    expect(issuesOf(() => resolveSecretFiles({ REDIS_URL_FILE: directory }, dir)).message).toContain('not a regular file');
    const empty = secretFile('empty', '\n', 0o600);
    expect(issuesOf(() => resolveSecretFiles({ DATABASE_ADMIN_URL_FILE: empty }, dir)).message).toMatch(/DATABASE_ADMIN_URL_FILE: names .*empty/);
  });

  it('in production refuses a file readable by group or others, naming the variable and chmod 600', () => {
    const open = secretFile('world-readable', DB_URL, 0o644);
    const groupOnly = secretFile('group-readable', DB_URL, 0o640);
    const error = issuesOf(() =>
      resolveSecretFiles({ RAMPART_ENV: 'production', DATABASE_URL_FILE: open, REDIS_URL_FILE: groupOnly }, dir),
    );
    expect(error.issues.map((issue) => issue.variable)).toEqual(['DATABASE_URL_FILE', 'REDIS_URL_FILE']);
    expect(error.message).toContain('mode 644');
    expect(error.message).toContain(`chmod 600 ${open}`);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('treats an unknown RAMPART_ENV like production, and accepts 0400', () => {
    const open = secretFile('loose', DB_URL, 0o604);
    expect(() => resolveSecretFiles({ RAMPART_ENV: 'prod', DATABASE_URL_FILE: open }, dir)).toThrow(/readable by group or others/);
    const readOnly = secretFile('owner-read-only', DB_URL, 0o400);
    expect(resolveSecretFiles({ RAMPART_ENV: 'production', DATABASE_URL_FILE: readOnly }, dir).DATABASE_URL).toBe(DB_URL);
  });

  it('follows a symbolic link to the file, as Kubernetes mounts secrets, and checks the target', () => {
    const target = secretFile('link-target', DB_URL, 0o600);
    symlinkSync(target, join(dir, 'link'));
    expect(resolveSecretFiles({ RAMPART_ENV: 'production', DATABASE_URL_FILE: join(dir, 'link') }, dir).DATABASE_URL).toBe(DB_URL);
    chmodSync(target, 0o644);
    expect(() => resolveSecretFiles({ RAMPART_ENV: 'production', DATABASE_URL_FILE: join(dir, 'link') }, dir)).toThrow(/mode 644/);
  });

  it('in development accepts a file readable by others', () => {
    const open = secretFile('dev-open', DB_URL, 0o644);
    expect(resolveSecretFiles({ DATABASE_URL_FILE: open }, dir).DATABASE_URL).toBe(DB_URL);
  });

  it('works with .env: a development .env may name the secret file', () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'db-url'), `${DB_URL}\n`);
    writeFileSync(join(project, '.env'), 'DATABASE_URL_FILE=./db-url\n');
    expect(readEnvironment({}, project)).toEqual({ DATABASE_URL: DB_URL });
  });
});
