// The audit config file: JSON, `{"checks": {"<check id>": "ignore" | "warn" | "fail"}}`.
// Anything unexpected (unknown key, unknown check id, other value) is a configuration error,
// exit 2: a typo must not silently turn a check off or leave it on.
import { readFile } from 'node:fs/promises';
import { closest } from '@rampart/cli-kit';
import { checkOverrides, type CheckOverride } from './overrides.js';

export interface AuditConfig {
  readonly checks: Readonly<Record<string, CheckOverride>>;
}

export class ConfigError extends Error {
  readonly code = 'AUDIT_CONFIG_INVALID';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Pure: validates the text of a config file against the known check ids. */
export function parseConfig(text: string, knownCheckIds: readonly string[], source = 'config'): AuditConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isPlainObject(data)) throw new ConfigError(`${source}: expected an object like {"checks": {"cors": "warn"}}`);
  for (const key of Object.keys(data)) {
    if (key !== 'checks') throw new ConfigError(`${source}: unknown key "${key}"; the only key is "checks"`);
  }
  const checks = data.checks ?? {};
  if (!isPlainObject(checks)) throw new ConfigError(`${source}: "checks" must be an object of check id -> ignore|warn|fail`);
  const result: Record<string, CheckOverride> = Object.create(null) as Record<string, CheckOverride>;
  for (const [id, value] of Object.entries(checks)) {
    if (!knownCheckIds.includes(id)) {
      const guess = closest(id, knownCheckIds);
      throw new ConfigError(
        `${source}: unknown check id "${id}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}; known: ${knownCheckIds.join(', ')}`,
      );
    }
    if (typeof value !== 'string' || !(checkOverrides as readonly string[]).includes(value)) {
      throw new ConfigError(`${source}: check "${id}" must be one of ${checkOverrides.join(', ')}, got ${JSON.stringify(value)}`);
    }
    result[id] = value as CheckOverride;
  }
  return { checks: result };
}

export async function loadConfig(path: string, knownCheckIds: readonly string[]): Promise<AuditConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${path}: cannot read the config file (${reason})`, { cause: error });
  }
  return parseConfig(text, knownCheckIds, path);
}
