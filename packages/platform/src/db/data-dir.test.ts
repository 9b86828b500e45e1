import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, DataDirError, ensureDataDir } from './data-dir.js';

const root = mkdtempSync(join(tmpdir(), 'rampart-datadir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ensureDataDir', () => {
  it('creates the directory owner-only with a catch-all .gitignore', () => {
    const dir = join(root, 'a', 'nested');
    ensureDataDir(dir, 'development');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('tightens a group-readable directory in development', () => {
    const dir = join(root, 'loose-dev');
    ensureDataDir(dir, 'development');
    chmodSync(dir, 0o755);
    ensureDataDir(dir, 'development');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a group-readable directory in production, naming the fix', () => {
    const dir = join(root, 'loose-prod');
    ensureDataDir(dir, 'development');
    chmodSync(dir, 0o750);
    expect(() => ensureDataDir(dir, 'production')).toThrow(DataDirError);
    expect(() => ensureDataDir(dir, 'production')).toThrow(/chmod 700/);
  });
});

describe('acquireLock', () => {
  it('is refused while another live process holds it, and free after release', () => {
    const path = join(root, 'x.lock');
    const release = acquireLock(path, 'the thing');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    release();
    expect(existsSync(path)).toBe(false);
    // Another live process holds it: our parent (the test runner) is alive.
    writeFileSync(path, String(process.ppid));
    expect(() => acquireLock(path, 'the thing')).toThrow(/the thing is in use by process \d+; stop that process first/);
    expect(readFileSync(path, 'utf8')).toBe(String(process.ppid));
  });

  it('refuses a second lock of the same path inside one process', () => {
    const path = join(root, 'twice.lock');
    const release = acquireLock(path, 'twice');
    expect(() => acquireLock(path, 'twice')).toThrow(/already open in this process/);
    release();
  });

  it('takes over a lock file carrying our own pid that we do not hold (pid reuse after a crash)', () => {
    const path = join(root, 'own-pid.lock');
    writeFileSync(path, String(process.pid));
    acquireLock(path, 'own')();
  });

  it('takes over a lock left by a dead process', async () => {
    const path = join(root, 'stale.lock');
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid as number;
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(path, String(pid));
    const release = acquireLock(path, 'stale');
    expect(readFileSync(path, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('takes over a lock file with garbage in it', () => {
    const path = join(root, 'garbage.lock');
    writeFileSync(path, '../../etc/passwd');
    acquireLock(path, 'garbage')();
  });
});
