// Finds and reads the ignore/policy file: --config FILE, else `.rampart-deps.json` beside the
// lockfile, else the "rampartDeps" key of the package.json beside it. Both of the last two at
// once is an error (one of them would be silently ignored). Also reads package.json's
// `allowScripts` (npm's own list of packages allowed to run install scripts) for the policy.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, EMPTY_CONFIG, parseConfig, type DepsConfig } from './parse.js';

export const CONFIG_FILE = '.rampart-deps.json';

export interface LoadedConfig extends DepsConfig {
  /** The file it came from (undefined when there is none). */
  readonly origin?: string;
  /** package.json's own allowScripts beside the lockfile, if any. */
  readonly packageAllowScripts?: Readonly<Record<string, boolean>>;
}

async function readJson(path: string, missingOk: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (missingOk && code === 'ENOENT') return undefined;
    throw new ConfigError(`${path}: cannot read the file (${code ?? 'error'})`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

function allowScriptsOf(pkg: unknown): Record<string, boolean> | undefined {
  if (typeof pkg !== 'object' || pkg === null || !('allowScripts' in pkg)) return undefined;
  const value = (pkg as { allowScripts: unknown }).allowScripts;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean');
  return Object.fromEntries(entries);
}

/** @param dir the lockfile's folder. */
export async function loadConfig(options: { readonly configPath?: string; readonly dir: string; readonly now: Date }): Promise<LoadedConfig> {
  const pkgPath = join(options.dir, 'package.json');
  const pkg = await readJson(pkgPath, true).catch(() => undefined);
  const allowScripts = allowScriptsOf(pkg);
  const extra = allowScripts === undefined ? {} : { packageAllowScripts: allowScripts };
  if (options.configPath !== undefined) {
    const value = await readJson(options.configPath, false);
    return { ...parseConfig(value, options.configPath, options.now), origin: options.configPath, ...extra };
  }
  const filePath = join(options.dir, CONFIG_FILE);
  const file = await readJson(filePath, true);
  const inPackage = typeof pkg === 'object' && pkg !== null ? (pkg as Record<string, unknown>).rampartDeps : undefined;
  if (file !== undefined && inPackage !== undefined) {
    throw new ConfigError(`both ${filePath} and "rampartDeps" in ${pkgPath} exist; keep one of them`);
  }
  if (file !== undefined) return { ...parseConfig(file, CONFIG_FILE, options.now), origin: filePath, ...extra };
  if (inPackage !== undefined) return { ...parseConfig(inPackage, 'package.json "rampartDeps"', options.now), origin: pkgPath, ...extra };
  return { ...EMPTY_CONFIG, ...extra };
}
