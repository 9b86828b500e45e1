// Validates the ignore/policy file (`.rampart-deps.json`, package.json "rampartDeps", --config):
// { "ignore": [ { id, reason, expires, package?, paths? } ], "policy": { ... } }.
// Strict on purpose: an ignore without a reason or an expiry, a malformed or far-future date,
// or a misspelt key is a configuration error naming the entry, never a silent no-op.
import { SEVERITIES, type Severity } from '../model.js';
import { closest } from '@rampart/cli-kit';
import { parsePathPattern, parseStep, type IgnoreEntry } from '../ignores/entry.js';
import { isIsoDate, oneYearAfter } from './dates.js';

export class ConfigError extends Error {
  readonly code = 'config';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** The policy part as the user writes it; handed to runPolicy after validation. */
export interface PolicySettings {
  readonly rules?: Readonly<Record<string, 'off' | Severity>>;
  readonly allowedRegistries?: readonly string[];
  readonly allowSources?: readonly string[];
  readonly allowScripts?: Readonly<Record<string, boolean | string>>;
  readonly popularNames?: readonly string[];
}

export interface DepsConfig {
  readonly ignore: readonly IgnoreEntry[];
  readonly policy: PolicySettings;
}

export const EMPTY_CONFIG: DepsConfig = { ignore: [], policy: {} };

const topKeys = ['$schema', '$comment', 'ignore', 'policy'] as const;
const entryKeys = ['id', 'reason', 'expires', 'package', 'paths', '$comment'] as const;
const policyKeys = ['rules', 'allowedRegistries', 'allowSources', 'allowScripts', 'popularNames'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const guess = closest(key, allowed);
    throw new ConfigError(`${where}: unknown key "${key}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}; allowed: ${allowed.join(', ')}`);
  }
}

function stringList(value: unknown, where: string): readonly string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    throw new ConfigError(`${where}: expected a list of non-empty strings`);
  }
  return value as string[];
}

/**
 * @param origin the file name for messages; @param now today, for the expiry rules;
 * @param ruleIds the policy rules that exist, so that a misspelt one in "rules" is an error.
 */
export function parseConfig(value: unknown, origin: string, now: Date, ruleIds?: readonly string[]): DepsConfig {
  if (!isRecord(value)) throw new ConfigError(`${origin}: expected a JSON object such as {"ignore": [], "policy": {}}`);
  checkKeys(value, topKeys, origin);
  const ignore = value.ignore === undefined ? [] : parseIgnoreList(value.ignore, origin, now);
  const policy = value.policy === undefined ? {} : parsePolicy(value.policy, `${origin} policy`, ruleIds);
  return { ignore, policy };
}

function parseIgnoreList(value: unknown, origin: string, now: Date): IgnoreEntry[] {
  if (!Array.isArray(value)) throw new ConfigError(`${origin}: "ignore" must be a list of entries`);
  return value.map((entry: unknown, index) => parseEntry(entry, `${origin} ignore[${index}]`, now));
}

function parseEntry(value: unknown, at: string, now: Date): IgnoreEntry {
  if (!isRecord(value)) throw new ConfigError(`${at}: expected an object with id, reason and expires`);
  const where = typeof value.id === 'string' && value.id.trim() !== '' ? `${at} (${value.id})` : at;
  checkKeys(value, entryKeys, where);
  if (typeof value.id !== 'string' || value.id.trim() === '') throw new ConfigError(`${where}: "id" is required (an advisory id such as GHSA-... or CVE-..., or a policy rule id)`);
  if (typeof value.reason !== 'string' || value.reason.trim().length < 3) {
    throw new ConfigError(`${where}: "reason" is required: say why this is acceptable (who decided, what mitigates it)`);
  }
  if (value.expires === undefined) throw new ConfigError(`${where}: "expires" is required (YYYY-MM-DD, at most one year ahead)`);
  if (typeof value.expires !== 'string' || !isIsoDate(value.expires)) {
    throw new ConfigError(`${where}: "expires" must be a date written YYYY-MM-DD, got ${JSON.stringify(value.expires)}`);
  }
  const latest = oneYearAfter(now);
  if (value.expires > latest) {
    throw new ConfigError(`${where}: "expires" ${value.expires} is more than a year ahead (latest allowed today: ${latest}); revisit ignores at least yearly`);
  }
  const entry: { -readonly [K in keyof IgnoreEntry]: IgnoreEntry[K] } = { id: value.id.trim(), reason: value.reason.trim(), expires: value.expires, where };
  if (value.package !== undefined) {
    const step = typeof value.package === 'string' ? parseStep(value.package) : undefined;
    if (step === undefined) throw new ConfigError(`${where}: "package" must be a package name, optionally name@version, got ${JSON.stringify(value.package)}`);
    entry.package = step;
  }
  if (value.paths !== undefined) {
    const paths = stringList(value.paths, `${where} "paths"`);
    if (paths.length === 0) throw new ConfigError(`${where}: "paths" is empty; leave it out to ignore on every path`);
    entry.paths = paths;
    entry.pathPatterns = paths.map((path) => {
      const pattern = parsePathPattern(path);
      if (pattern === undefined) throw new ConfigError(`${where}: path "${path}" is malformed; write it as "app > express > qs" (versions optional: express@4.16.0)`);
      return pattern;
    });
  }
  return entry;
}

function parsePolicy(value: unknown, where: string, ruleIds: readonly string[] | undefined): PolicySettings {
  if (!isRecord(value)) throw new ConfigError(`${where}: expected an object`);
  checkKeys(value, policyKeys, where);
  const policy: { -readonly [K in keyof PolicySettings]: PolicySettings[K] } = {};
  if (value.rules !== undefined) {
    if (!isRecord(value.rules)) throw new ConfigError(`${where} "rules": expected an object of rule id -> off|low|moderate|high|critical`);
    const levels: readonly string[] = ['off', ...SEVERITIES];
    for (const [rule, level] of Object.entries(value.rules)) {
      if (ruleIds !== undefined && !ruleIds.includes(rule)) {
        const guess = closest(rule, ruleIds);
        throw new ConfigError(`${where} "rules": no policy rule "${rule}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}; rules: ${ruleIds.join(', ')}`);
      }
      if (typeof level !== 'string' || !levels.includes(level)) {
        throw new ConfigError(`${where} "rules" ${rule}: expected one of ${levels.join(', ')}, got ${JSON.stringify(level)}`);
      }
    }
    policy.rules = value.rules as Record<string, 'off' | Severity>;
  }
  if (value.allowedRegistries !== undefined) policy.allowedRegistries = stringList(value.allowedRegistries, `${where} "allowedRegistries"`);
  if (value.allowSources !== undefined) policy.allowSources = stringList(value.allowSources, `${where} "allowSources"`);
  if (value.popularNames !== undefined) policy.popularNames = stringList(value.popularNames, `${where} "popularNames"`);
  if (value.allowScripts !== undefined) {
    if (!isRecord(value.allowScripts) || !Object.values(value.allowScripts).every((allowed) => typeof allowed === 'boolean' || (typeof allowed === 'string' && allowed.trim() !== ''))) {
      throw new ConfigError(`${where} "allowScripts": expected an object of package name -> true, false or a version range (as in package.json)`);
    }
    policy.allowScripts = value.allowScripts as Record<string, boolean | string>;
  }
  return policy;
}
