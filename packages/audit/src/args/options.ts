// The options of `rampart audit` and the table that describes each flag. The table's type is
// derived from AuditCliOptions, so an option cannot be added to one without the other.
import { integer, nonEmpty, oneOf } from '@rampart/cli-kit';
import type { OptionTableFor } from '@rampart/cli-kit';
import type { FailOn } from '../runner/exit-code.js';
import { specDefaults, specOptionTable, type SpecCliOptions } from './spec-options.js';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type AuditEnv = 'production' | 'development';

export interface AuditCliOptions extends SpecCliOptions {
  readonly target: URL;
  readonly format: OutputFormat;
  readonly output?: string;
  readonly failOn: FailOn;
  readonly config?: string;
  readonly login?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeout: number;
  readonly concurrency: number;
  readonly env: AuditEnv;
  readonly ca?: string;
  readonly quiet: boolean;
}

type FlagOptions = Omit<AuditCliOptions, 'target'>;

export type OptionTable = OptionTableFor<FlagOptions>;

export const defaults = {
  format: 'text',
  failOn: 'fail',
  headers: {},
  timeout: 5_000,
  concurrency: 4,
  env: 'production',
  quiet: false,
  ...specDefaults,
} as const satisfies Partial<FlagOptions>;

const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const optionTable: OptionTable = {
  format: {
    kind: 'value',
    flag: '--format',
    valueName: 'text|json|sarif',
    description: 'Report format: a table for people, JSON for scripts, SARIF for code scanning.',
    defaultText: defaults.format,
    parse: oneOf<OutputFormat>(['text', 'json', 'sarif']),
  },
  output: {
    kind: 'value',
    flag: '--output',
    valueName: 'FILE',
    description: 'Write the report to FILE instead of standard output.',
    parse: nonEmpty,
  },
  failOn: {
    kind: 'value',
    flag: '--fail-on',
    valueName: 'info|warn|fail',
    description: 'Exit 1 when any finding is at or above this verdict.',
    defaultText: defaults.failOn,
    parse: oneOf<FailOn>(['info', 'warn', 'fail']),
  },
  config: {
    kind: 'value',
    flag: '--config',
    valueName: 'FILE',
    description: 'JSON file mapping check ids to ignore, warn or fail, e.g. {"checks": {"cors": "warn"}}.',
    parse: nonEmpty,
  },
  login: {
    kind: 'value',
    flag: '--login',
    valueName: 'PATH',
    description: 'Login endpoint (e.g. /auth/login); enables the rate-limit check (at most 30 requests, unknown account).',
    parse: (raw) => (raw.startsWith('/') ? { value: raw } : { error: `expected a path starting with "/", got "${raw}"` }),
  },
  headers: {
    kind: 'value',
    flag: '--header',
    valueName: "'Name: value'",
    description: 'Extra request header for every probe (repeatable), e.g. an Authorization header.',
    repeatable: true,
    parse: (raw, previous) => {
      const colon = raw.indexOf(':');
      const name = colon > 0 ? raw.slice(0, colon).trim() : '';
      const value = raw.slice(colon + 1).trim();
      if (!headerName.test(name)) return { error: `expected 'Name: value', got "${raw}"` };
      if (/[\r\n\0]/.test(value)) return { error: `header ${name} has a line break or NUL in its value` };
      return { value: { ...previous, [name]: value } };
    },
  },
  timeout: {
    kind: 'value',
    flag: '--timeout',
    valueName: 'MS',
    description: 'Give up on one request after MS milliseconds.',
    defaultText: String(defaults.timeout),
    parse: integer(100, 120_000),
  },
  concurrency: {
    kind: 'value',
    flag: '--concurrency',
    valueName: 'N',
    description: 'At most N requests in flight at once.',
    defaultText: String(defaults.concurrency),
    parse: integer(1, 32),
  },
  env: {
    kind: 'value',
    flag: '--env',
    valueName: 'production|development',
    description: 'How to grade the target: development reports debug output (stack traces) as WARN, not FAIL.',
    defaultText: defaults.env,
    parse: oneOf<AuditEnv>(['production', 'development']),
  },
  ca: {
    kind: 'value',
    flag: '--ca',
    valueName: 'FILE',
    description: 'PEM file of extra certificate authorities to trust (a private or test CA).',
    parse: nonEmpty,
  },
  ...specOptionTable,
  quiet: {
    kind: 'switch',
    flag: '--quiet',
    description: 'Text report: print only WARN and FAIL findings, checks that could not finish, notes and the score line.',
    sets: true,
  },
};

// Standalone flags replace the audit with another action and need no URL.
export type StandaloneAction = 'help' | 'version' | 'list-checks';

export const standaloneFlags: Readonly<Record<string, { readonly action: StandaloneAction; readonly description: string }>> = {
  '--help': { action: 'help', description: 'Show this help.' },
  '-h': { action: 'help', description: 'Show this help.' },
  '--version': { action: 'version', description: 'Print the version and exit.' },
  '--list-checks': { action: 'list-checks', description: 'List every check: id, category, on by default or opt-in, title.' },
};
