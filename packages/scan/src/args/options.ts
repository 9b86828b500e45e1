// The options of `rampart scan` and the table that describes each flag. The table's type is
// derived from ScanCliOptions, so an option cannot be added to one without the other.
import { nonEmpty, oneOf } from '@rampart/cli-kit';
import type { OptionTableFor } from '@rampart/cli-kit';
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

export type OptionTable = OptionTableFor<FlagOptions>;

/** Defaults: report medium-and-above severity at medium-and-above confidence (see docs/scan.md). */
export const defaults = {
  format: 'text',
  severity: 'medium',
  confidence: 'medium',
  skip: [],
  exclude: [],
  includeTests: false,
} as const satisfies Partial<FlagOptions>;

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
    kind: 'value',
    flag: '--format',
    valueName: 'text|json|sarif|html',
    description: 'Report format: text for people, json for scripts, sarif for code scanning, html for a file to share.',
    defaultText: defaults.format,
    parse: oneOf<OutputFormat>(['text', 'json', 'sarif', 'html']),
  },
  output: { kind: 'value', flag: '--output', valueName: 'FILE', description: 'Write the report to FILE instead of standard output.', parse: nonEmpty },
  severity: {
    kind: 'value',
    flag: '--severity',
    valueName: 'low|medium|high',
    description: 'Report (and fail on) findings of this severity and above.',
    defaultText: defaults.severity,
    parse: oneOf(levels),
  },
  confidence: {
    kind: 'value',
    flag: '--confidence',
    valueName: 'low|medium|high',
    description: 'Report (and fail on) findings of this confidence and above.',
    defaultText: defaults.confidence,
    parse: oneOf(levels),
  },
  skip: { kind: 'value', flag: '--skip', valueName: 'ID,...', description: 'Do not run these rules (added to the config file\'s "skip").', repeatable: true, parse: idList },
  only: { kind: 'value', flag: '--only', valueName: 'ID,...', description: 'Run only these rules.', repeatable: true, parse: idList },
  exclude: {
    kind: 'value',
    flag: '--exclude',
    valueName: 'GLOB',
    description: 'Skip files whose path (or a folder of it) matches GLOB, relative to the current directory.',
    repeatable: true,
    parse: (raw, previous) => (raw.length > 0 ? { value: [...(previous ?? []), raw] } : { error: 'expected a glob, got an empty string' }),
  },
  includeTests: {
    kind: 'switch',
    flag: '--include-tests',
    description: 'Also scan test files (*.test.*, *.spec.*, __tests__/, test/, tests/, test-support/).',
    sets: true,
  },
  config: {
    kind: 'value',
    flag: '--config',
    valueName: 'FILE',
    description: 'Configuration file (default: ./rampart-scan.json, else the "rampartScan" key of ./package.json).',
    parse: nonEmpty,
  },
  baseline: { kind: 'value', flag: '--baseline', valueName: 'FILE', description: 'Report only findings that are not in this baseline file.', parse: nonEmpty },
  writeBaseline: {
    kind: 'value',
    flag: '--write-baseline',
    valueName: 'FILE',
    description: 'Write every current finding to FILE as the new baseline, then exit 0.',
    parse: nonEmpty,
  },
};
