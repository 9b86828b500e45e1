// `.env` is a developer convenience: read in development only, never overriding the real
// environment, and never allowed to switch the process into production.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './errors.js';
import { resolveSecretFiles } from './secret-files.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Parses `.env` text (Node's own parser: `KEY=value`, quotes, `#` comments). */
export function parseEnvText(text: string): Record<string, string> {
  const parsed = parseEnv(text);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined) out[key] = value;
  return out;
}

/** Merges `.env` under the process environment when the process is not in production.
 * `fileText` is the file's content, or undefined when there is none. */
export function mergeDotEnv(processEnv: Env, fileText: string | undefined): Env {
  if (fileText === undefined || processEnv.RAMPART_ENV?.trim() === 'production') return processEnv;
  const fromFile = parseEnvText(fileText);
  if (fromFile.RAMPART_ENV !== undefined && fromFile.RAMPART_ENV.trim() !== 'development') {
    throw new ConfigError([
      {
        variable: '.env',
        problem: 'sets RAMPART_ENV to something other than development; .env is read in development only',
        fix: 'remove RAMPART_ENV from .env and set RAMPART_ENV=production in the real environment',
      },
    ]);
  }
  return { ...fromFile, ...processEnv };
}

/** Reads `<cwd>/.env` if it exists (development only) and merges it under `processEnv`, then
 * reads the secret files named by `<NAME>_FILE` variables (config/secret-files.ts). */
export function readEnvironment(processEnv: Env, cwd: string): Env {
  return resolveSecretFiles(withDotEnv(processEnv, cwd), cwd);
}

function withDotEnv(processEnv: Env, cwd: string): Env {
  if (processEnv.RAMPART_ENV?.trim() === 'production') return processEnv;
  let text: string | undefined;
  try {
    text = readFileSync(resolve(cwd, '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return mergeDotEnv(processEnv, text);
}
