// Finds and reads the ignore/policy file: --config FILE, else `.rampart-deps.json` beside the
// lockfile, else the "rampartDeps" key of the package.json beside it. Both of the last two at
// once is an error (one of them would be silently ignored). Also reads package.json's engines.node
// for the Node core check. (Its `allowScripts` reaches the policy through the graph's root importer.)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { POLICY_RULES } from '../policy/index.js';
import { ConfigError, EMPTY_CONFIG, parseConfig, type DepsConfig } from './parse.js';

const RULE_IDS = POLICY_RULES.map((rule) => rule.id);

export const CONFIG_FILE = '.rampart-deps.json';

export interface LoadedConfig extends DepsConfig {
  /** The file it came from (undefined when there is none). */
  readonly origin?: string;
  /** package.json's engines.node beside the lockfile, for the Node core check. */
  readonly enginesNode?: string;
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

function enginesNodeOf(pkg: unknown): string | undefined {
  if (typeof pkg !== 'object' || pkg === null) return undefined;
  const engines = (pkg as Record<string, unknown>).engines;
  if (typeof engines !== 'object' || engines === null) return undefined;
  const node = (engines as Record<string, unknown>).node;
  return typeof node === 'string' && node.trim() !== '' ? node : undefined;
}

/** @param dir the lockfile's folder. */
export async function loadConfig(options: { readonly configPath?: string; readonly dir: string; readonly now: Date }): Promise<LoadedConfig> {
  const pkgPath = join(options.dir, 'package.json');
  const pkg = await readJson(pkgPath, true).catch(() => undefined);
  const engines = enginesNodeOf(pkg);
  const extra = engines === undefined ? {} : { enginesNode: engines };
  if (options.configPath !== undefined) {
    const value = await readJson(options.configPath, false);
    return { ...parseConfig(value, options.configPath, options.now, RULE_IDS), origin: options.configPath, ...extra };
  }
  const filePath = join(options.dir, CONFIG_FILE);
  const file = await readJson(filePath, true);
  const inPackage = typeof pkg === 'object' && pkg !== null ? (pkg as Record<string, unknown>).rampartDeps : undefined;
  if (file !== undefined && inPackage !== undefined) {
    throw new ConfigError(`both ${filePath} and "rampartDeps" in ${pkgPath} exist; keep one of them`);
  }
  if (file !== undefined) return { ...parseConfig(file, CONFIG_FILE, options.now, RULE_IDS), origin: filePath, ...extra };
  if (inPackage !== undefined) return { ...parseConfig(inPackage, 'package.json "rampartDeps"', options.now, RULE_IDS), origin: pkgPath, ...extra };
  return { ...EMPTY_CONFIG, ...extra };
}
