// Secrets as files: every secret setting NAME is also accepted as NAME_FILE, the path of a file
// holding the value (the Docker and Kubernetes secrets convention), so that passwords need not
// sit in the environment, where `ps e`, /proc/<pid>/environ, crash reports and child processes
// see them. In production a file readable by group or others is refused: the secret would be
// exposed to every account on the host. Messages name the variable and the path, never the value.
import { readFileSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Env } from './env-file.js';
import { IssueList } from './errors.js';

/** The settings that may carry a secret (a password, or a URL with one in it). */
export const SECRET_VARIABLES = Object.freeze([
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'DATABASE_ADMIN_URL',
  'REDIS_URL',
  'IMPORT_PROXY',
  'RAMPART_MIGRATOR_PASSWORD',
  'RAMPART_APP_PASSWORD',
  'RAMPART_READONLY_PASSWORD',
] as const);

/** A secret is a line or a key, not a document; a bigger file is a wrong path (a log, a dump). */
const MAX_SECRET_BYTES = 64 * 1024;

/** Matches config/parse.ts: anything but unset or `development` is checked as production. */
function isProductionLike(env: Env): boolean {
  const mode = env.RAMPART_ENV?.trim() ?? '';
  return mode !== '' && mode !== 'development';
}

function readSecret(variable: string, fileVariable: string, path: string, production: boolean, issues: IssueList): string | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    issues.add(fileVariable, `names ${path}, which cannot be read (${code})`, `point ${fileVariable} at the file holding ${variable}, readable by the user running rampart`);
    return undefined;
  }
  if (!stats.isFile()) {
    issues.add(fileVariable, `names ${path}, which is not a regular file`, `point ${fileVariable} at the file holding ${variable}`);
    return undefined;
  }
  if (production && process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(3, '0');
    issues.add(fileVariable, `names ${path}, which is readable by group or others (mode ${mode}); production refuses such a secret file`, `chmod 600 ${path} (Kubernetes: defaultMode: 0400 on the secret volume; Docker: mode: 0400 on the secret)`);
    return undefined;
  }
  if (stats.size > MAX_SECRET_BYTES) {
    issues.add(fileVariable, `names ${path}, which is larger than ${MAX_SECRET_BYTES} bytes and so not a secret value`, `point ${fileVariable} at the file holding ${variable}`);
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    issues.add(fileVariable, `names ${path}, which cannot be read (${code})`, `make ${path} readable by the user running rampart (and by no one else: chmod 600)`);
    return undefined;
  }
  // `echo secret > file` and editors end the file with a newline; it is not part of the secret.
  const value = text.replace(/\r?\n$/, '');
  if (value === '') {
    issues.add(fileVariable, `names ${path}, which is empty`, `write the value of ${variable} into ${path}, or unset ${fileVariable}`);
    return undefined;
  }
  return value;
}

/** Returns `env` with each NAME_FILE of a secret setting replaced by NAME = the file's content
 * (relative paths resolve against `cwd`). Throws one ConfigError naming every problem. */
export function resolveSecretFiles(env: Env, cwd: string): Env {
  const issues = new IssueList();
  const production = isProductionLike(env);
  const resolved: Record<string, string | undefined> = { ...env };
  let changed = false;
  for (const variable of SECRET_VARIABLES) {
    const fileVariable = `${variable}_FILE`;
    const rawPath = env[fileVariable]?.trim();
    if (!rawPath) continue;
    changed = true;
    delete resolved[fileVariable];
    if (env[variable] !== undefined && env[variable] !== '') {
      issues.add(`${variable} and ${fileVariable}`, 'are both set, so it is unclear which value is meant', `set only one of ${variable} and ${fileVariable} (prefer ${fileVariable} in production)`);
      continue;
    }
    const path = isAbsolute(rawPath) ? rawPath : resolve(cwd, rawPath);
    const value = readSecret(variable, fileVariable, path, production, issues);
    if (value !== undefined) resolved[variable] = value;
  }
  issues.throwIfAny();
  return changed ? resolved : env;
}
