// The options of a spec-driven audit (--openapi and friends), kept apart from the site-wide
// ones in options.ts: their own interface, table entries and cross-option rules.
import { integer, nonEmpty } from '@rampart/cli-kit';
import type { OptionTableFor } from '@rampart/cli-kit';

export interface SpecCliOptions {
  /** --openapi FILE|URL */
  readonly openapi?: string;
  /** --path [METHOD] /path (repeatable) */
  readonly paths: readonly string[];
  readonly pathsFile?: string;
  /** --auth NAME='Header: value': identity name -> its header line */
  readonly auth: Readonly<Record<string, string>>;
  /** --auth-cmd NAME='command': identity name -> the command */
  readonly authCmd: Readonly<Record<string, string>>;
  /** --id NAME=VALUE: identity name -> ids it owns */
  readonly ids: Readonly<Record<string, readonly string[]>>;
  readonly active: boolean;
  readonly allowDestructive: boolean;
  readonly dryRun: boolean;
  readonly maxRequests?: number;
  readonly maxRequestsPerOperation?: number;
}

export const specDefaults = {
  paths: [],
  auth: {},
  authCmd: {},
  ids: {},
  active: false,
  allowDestructive: false,
  dryRun: false,
} as const satisfies Partial<SpecCliOptions>;

const identityName = /^[A-Za-z][\w-]{0,31}$/;

function named(raw: string, separator: '=' | ':'): { name: string; rest: string } | string {
  const at = raw.indexOf(separator === '=' ? '=' : ':');
  const name = at > 0 ? raw.slice(0, at) : '';
  if (!identityName.test(name)) return `expected NAME${separator}..., with NAME a letter then letters, digits, - or _ (at most 32), got "${raw}"`;
  return { name, rest: raw.slice(at + 1) };
}

export const specOptionTable: OptionTableFor<SpecCliOptions> = {
  openapi: {
    kind: 'value',
    flag: '--openapi',
    valueName: 'FILE|URL',
    description: 'OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML): audit every operation it lists. Without it, --auth looks for the document the target exposes.',
    parse: nonEmpty,
  },
  paths: {
    kind: 'value',
    flag: '--path',
    valueName: "'[METHOD] /path'",
    description: 'An operation to audit without a document, e.g. /api/notes/{id} (GET unless a method is given).',
    repeatable: true,
    parse: (raw, previous) => {
      const entry = raw.trim();
      if (!/^(?:[A-Za-z]+\s+)?\//.test(entry)) return { error: `expected '[METHOD] /path', got "${raw}"` };
      return { value: [...(previous ?? []), entry] };
    },
  },
  pathsFile: {
    kind: 'value',
    flag: '--paths-file',
    valueName: 'FILE',
    description: "File of operations, one '[METHOD] /path' a line (# comments).",
    parse: nonEmpty,
  },
  auth: {
    kind: 'value',
    flag: '--auth',
    valueName: "NAME='Header: value'",
    description: 'An identity to send operations as (two for the object-level checks).',
    repeatable: true,
    parse: (raw, previous) => {
      const parts = named(raw, '=');
      if (typeof parts === 'string') return { error: parts };
      if (previous?.[parts.name] !== undefined) return { error: `identity ${parts.name} was given twice` };
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+:\s*\S/.test(parts.rest)) return { error: `expected NAME='Header: value', got "${raw.slice(0, 80)}"` };
      if (/[\r\n\0]/.test(parts.rest)) return { error: `identity ${parts.name} has a line break or NUL in its header` };
      return { value: { ...previous, [parts.name]: parts.rest } };
    },
  },
  authCmd: {
    kind: 'value',
    flag: '--auth-cmd',
    valueName: "NAME='command'",
    description: "An identity whose credential a command prints (run with sh -c, re-run after a minute): a token (sent as Bearer), 'Scheme token' or a full 'Header: value' line.",
    repeatable: true,
    parse: (raw, previous) => {
      const parts = named(raw, '=');
      if (typeof parts === 'string') return { error: parts };
      if (previous?.[parts.name] !== undefined) return { error: `identity ${parts.name} was given twice` };
      if (parts.rest.trim() === '') return { error: `identity ${parts.name} has an empty command` };
      return { value: { ...previous, [parts.name]: parts.rest } };
    },
  },
  ids: {
    kind: 'value',
    flag: '--id',
    valueName: 'NAME=VALUE',
    description: 'An object id the identity NAME owns: tried by the other identities.',
    repeatable: true,
    parse: (raw, previous) => {
      const parts = named(raw, '=');
      if (typeof parts === 'string') return { error: parts };
      if (parts.rest === '' || /[\s/?#]/.test(parts.rest)) return { error: `expected an id without spaces, / ? or #, got "${parts.rest}"` };
      return { value: { ...previous, [parts.name]: [...(previous?.[parts.name] ?? []), parts.rest] } };
    },
  },
  active: {
    kind: 'switch',
    flag: '--active',
    description: 'Also send POST, PUT and PATCH (they create and change data: a test deployment only).',
    sets: true,
  },
  allowDestructive: {
    kind: 'switch',
    flag: '--allow-destructive',
    description: 'With --active, also send DELETE.',
    sets: true,
  },
  dryRun: {
    kind: 'switch',
    flag: '--dry-run',
    description: 'Print the plan (operations, what is sent or skipped, budgets) and send nothing to the operations.',
    sets: true,
  },
  maxRequests: {
    kind: 'value',
    flag: '--max-requests',
    valueName: 'N',
    description: 'At most N requests in all (default 300, or 300 + operations x checks x the per-operation budget).',
    parse: integer(10, 50_000),
  },
  maxRequestsPerOperation: {
    kind: 'value',
    flag: '--max-requests-per-operation',
    valueName: 'N',
    description: 'At most N requests by one check to one operation.',
    defaultText: '30',
    parse: integer(1, 500),
  },
};

/** Rules across options, checked once every flag is read; a string is the usage error. */
export function specOptionProblem(options: SpecCliOptions): string | undefined {
  if (options.allowDestructive && !options.active) return '--allow-destructive needs --active';
  const identities = new Set([...Object.keys(options.auth), ...Object.keys(options.authCmd)]);
  for (const name of Object.keys(options.auth)) if (options.authCmd[name] !== undefined) return `identity ${name} is given with both --auth and --auth-cmd`;
  for (const name of Object.keys(options.ids)) if (!identities.has(name)) return `--id ${name}=...: no identity ${name} (give it with --auth or --auth-cmd)`;
  return undefined;
}
