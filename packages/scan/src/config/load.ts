// The scan configuration: `--config FILE`, else ./rampart-scan.json, else the `rampartScan` key
// of ./package.json, else nothing. Plain JSON (no comments: the reasons for excludes belong in
// the docs). Unknown keys and unknown rule ids are errors that name them, never ignored.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closest } from '@rampart/cli-kit';
import type { Level } from '../rules/types.js';

export interface ScanConfig {
  /** Globs (relative to the directory of the scan), as --exclude. */
  readonly exclude: readonly string[];
  /** Rule ids not to run, as --skip. */
  readonly skip: readonly string[];
  /** Per-rule severity, e.g. {"weak-hash": "low"}. */
  readonly severity: Readonly<Record<string, Level>>;
  /** Scan test files too, as --include-tests. */
  readonly includeTests: boolean;
  /** Where it was read from, for messages; undefined when there is no configuration. */
  readonly source?: string;
}

export class ConfigError extends Error {
  readonly code = 'SCAN_CONFIG_INVALID';
}

export const emptyConfig: ScanConfig = { exclude: [], skip: [], severity: {}, includeTests: false };

const KEYS = ['exclude', 'skip', 'severity', 'includeTests'] as const;
const LEVELS: readonly string[] = ['low', 'medium', 'high'];

/** Finds and reads the configuration. `explicit` is --config; `knownIds` checks rule ids. */
export function loadConfig(cwd: string, explicit: string | undefined, knownIds: ReadonlySet<string>): ScanConfig {
  if (explicit !== undefined) return parseConfig(readJson(resolve(cwd, explicit), explicit), explicit, knownIds);
  const own = resolve(cwd, 'rampart-scan.json');
  if (existsSync(own)) return parseConfig(readJson(own, 'rampart-scan.json'), 'rampart-scan.json', knownIds);
  const pkg = resolve(cwd, 'package.json');
  if (existsSync(pkg)) {
    const manifest = readJson(pkg, 'package.json');
    if (isObject(manifest) && manifest.rampartScan !== undefined) return parseConfig(manifest.rampartScan, 'package.json "rampartScan"', knownIds);
  }
  return emptyConfig;
}

function readJson(path: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${label}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${label}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string' && item.length > 0)) {
    throw new ConfigError(`${where}: expected an array of non-empty strings`);
  }
  return value;
}

function checkIds(ids: readonly string[], where: string, knownIds: ReadonlySet<string>): void {
  const unknown = ids.filter((id) => !knownIds.has(id));
  if (unknown.length === 0) return;
  const hints = unknown.map((id) => {
    const guess = closest(id, [...knownIds]);
    return guess === undefined ? id : `${id} (did you mean ${guess}?)`;
  });
  throw new ConfigError(`${where}: unknown rule id${unknown.length > 1 ? 's' : ''} ${hints.join(', ')} (see --list-rules)`);
}

export function parseConfig(value: unknown, source: string, knownIds: ReadonlySet<string>): ScanConfig {
  if (!isObject(value)) throw new ConfigError(`${source}: expected a JSON object with any of ${KEYS.join(', ')}`);
  for (const key of Object.keys(value)) {
    if ((KEYS as readonly string[]).includes(key)) continue;
    const guess = closest(key, KEYS);
    throw new ConfigError(`${source}: unknown key "${key}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}; allowed: ${KEYS.join(', ')}`);
  }
  const exclude = value.exclude === undefined ? [] : stringList(value.exclude, `${source} "exclude"`);
  const skip = value.skip === undefined ? [] : stringList(value.skip, `${source} "skip"`);
  checkIds(skip, `${source} "skip"`, knownIds);
  const severity: Record<string, Level> = {};
  if (value.severity !== undefined) {
    if (!isObject(value.severity)) throw new ConfigError(`${source} "severity": expected an object of rule id to low, medium or high`);
    checkIds(Object.keys(value.severity), `${source} "severity"`, knownIds);
    for (const [id, level] of Object.entries(value.severity)) {
      if (typeof level !== 'string' || !LEVELS.includes(level)) throw new ConfigError(`${source} "severity"."${id}": expected low, medium or high, got ${JSON.stringify(level)}`);
      severity[id] = level as Level;
    }
  }
  if (value.includeTests !== undefined && typeof value.includeTests !== 'boolean') throw new ConfigError(`${source} "includeTests": expected true or false`);
  return { exclude, skip, severity, includeTests: value.includeTests === true, source };
}
