// The options of `rampart scan` and the table that describes each flag. The table's type is
// derived from ScanCliOptions, so an option cannot be added to one without the other.
import type { Level } from '../rules/types.js';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'html';

export interface ScanCliOptions {
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly output?: string;
  readonly severity: Level;
  readonly confidence: Level;
  readonly skip: readonly string[];
  readonly only?: readonly string[];
  readonly exclude: readonly string[];
  readonly includeTests: boolean;
  readonly config?: string;
  readonly baseline?: string;
  readonly writeBaseline?: string;
}

type FlagOptions = Omit<ScanCliOptions, 'paths'>;

export interface OptionSpec<T> {
  readonly flag: `--${string}`;
  /** Empty for a switch that takes no value (its presence sets it). */
  readonly valueName: string;
  readonly description: string;
  /** Shown in --help; undefined means "not set". */
  readonly defaultText?: string;
  /** May be given more than once (values accumulate). */
  readonly repeatable?: boolean;
  /** Parse one raw value given the value so far; a string result is the usage error. */
  parse(raw: string, previous: T | undefined): { value: T } | { error: string };
}

export type OptionTable = { readonly [K in keyof FlagOptions]-?: OptionSpec<Exclude<FlagOptions[K], undefined>> };

/** Defaults: report medium-and-above severity at medium-and-above confidence (see docs/scan.md). */
export const defaults = {
  format: 'text',
  severity: 'medium',
  confidence: 'medium',
  skip: [],
  exclude: [],
  includeTests: false,
} as const satisfies Partial<FlagOptions>;

function oneOf<T extends string>(choices: readonly T[]) {
  return (raw: string): { value: T } | { error: string } =>
    (choices as readonly string[]).includes(raw) ? { value: raw as T } : { error: `expected one of ${choices.join(', ')}, got "${raw}"` };
}

function nonEmpty(raw: string): { value: string } | { error: string } {
  return raw.length > 0 ? { value: raw } : { error: 'expected a value, got an empty string' };
}

const ruleId = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function idList(raw: string, previous: readonly string[] | undefined): { value: readonly string[] } | { error: string } {
  const ids = raw.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) return { error: 'expected rule ids separated by commas, e.g. sql-injection,weak-hash' };
  const bad = ids.find((id) => !ruleId.test(id));
  if (bad !== undefined) return { error: `"${bad}" is not a rule id (ids are kebab-case, see --list-rules)` };
  return { value: [...new Set([...(previous ?? []), ...ids])] };
}

const levels: readonly Level[] = ['low', 'medium', 'high'];

export const optionTable: OptionTable = {
  format: {
    flag: '--format',
    valueName: 'text|json|sarif|html',
    description: 'Report format: text for people, json for scripts, sarif for code scanning, html for a file to share.',
    defaultText: defaults.format,
    parse: oneOf<OutputFormat>(['text', 'json', 'sarif', 'html']),
  },
  output: { flag: '--output', valueName: 'FILE', description: 'Write the report to FILE instead of standard output.', parse: nonEmpty },
  severity: {
    flag: '--severity',
    valueName: 'low|medium|high',
    description: 'Report (and fail on) findings of this severity and above.',
    defaultText: defaults.severity,
    parse: oneOf(levels),
  },
  confidence: {
    flag: '--confidence',
    valueName: 'low|medium|high',
    description: 'Report (and fail on) findings of this confidence and above.',
    defaultText: defaults.confidence,
    parse: oneOf(levels),
  },
  skip: { flag: '--skip', valueName: 'ID,...', description: 'Do not run these rules (added to the config file\'s "skip").', repeatable: true, parse: idList },
  only: { flag: '--only', valueName: 'ID,...', description: 'Run only these rules.', repeatable: true, parse: idList },
  exclude: {
    flag: '--exclude',
    valueName: 'GLOB',
    description: 'Skip files whose path (or a folder of it) matches GLOB, relative to the current directory.',
    repeatable: true,
    parse: (raw, previous) => (raw.length > 0 ? { value: [...(previous ?? []), raw] } : { error: 'expected a glob, got an empty string' }),
  },
  includeTests: {
    flag: '--include-tests',
    valueName: '',
    description: 'Also scan test files (*.test.*, *.spec.*, __tests__/, test/, tests/, test-support/).',
    parse: () => ({ value: true }),
  },
  config: {
    flag: '--config',
    valueName: 'FILE',
    description: 'Configuration file (default: ./rampart-scan.json, else the "rampartScan" key of ./package.json).',
    parse: nonEmpty,
  },
  baseline: { flag: '--baseline', valueName: 'FILE', description: 'Report only findings that are not in this baseline file.', parse: nonEmpty },
  writeBaseline: {
    flag: '--write-baseline',
    valueName: 'FILE',
    description: 'Write every current finding to FILE as the new baseline, then exit 0.',
    parse: nonEmpty,
  },
};
