// The data directory holds the embedded database and development keys: owner-only (0700),
// never committed, and never shared by two processes that both write the embedded database.
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mode } from '../config/index.js';

export class DataDirError extends Error {
  readonly code = 'RAMPART_ERR_DATA_DIR';
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Creates `dir` with mode 0700 (and a `.gitignore` of `*` inside it). A directory readable by
 * group or others is tightened in development and refused in production. */
export function ensureDataDir(dir: string, mode: Mode): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const loose = statSync(dir).mode & 0o077;
  if (loose !== 0) {
    if (mode === 'production') {
      throw new DataDirError(
        `RAMPART_DATA_DIR (${dir}) is accessible by group or others; fix: chmod 700 ${dir}`,
      );
    }
    chmodSync(dir, 0o700);
  }
  // Belt and braces for data directories placed inside some other repository.
  writeFileSync(join(dir, '.gitignore'), '*\n', { mode: 0o600 });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks this process holds: a file with our own pid that is not in here was left by an
 * earlier process that had the same pid (containers often run as pid 1). */
const heldLocks = new Set<string>();

/** An exclusive lock file holding our pid. A lock left by a dead process is taken over. */
export function acquireLock(path: string, purpose: string): () => void {
  if (heldLocks.has(path)) throw new DataDirError(`${purpose} is already open in this process`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      heldLocks.add(path);
      return () => {
        heldLocks.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirError(
          `${purpose} is in use by process ${holder}; stop that process first, or set DATABASE_URL to use PostgreSQL`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirError(`could not lock ${purpose}`);
}
