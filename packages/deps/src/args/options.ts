// The options of `rampart deps` and the table that describes each flag. The table's type is
// derived from DepsCliOptions, so an option cannot be added to one without the other.
import { accumulate, integer, nonEmpty, oneOf } from '@rampart/cli-kit';
import type { OptionTableFor } from '@rampart/cli-kit';
import type { Severity } from '../model.js';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type OmitKind = 'dev' | 'optional';

export interface DepsCliOptions {
  /** The project folder (default the working directory). */
  readonly dir: string;
  readonly lockfile?: string;
  readonly omit: readonly OmitKind[];
  readonly db: readonly string[];
  readonly shippedDb: boolean;
  readonly cache: boolean;
  readonly cacheDir?: string;
  readonly maxDbAge: number;
  readonly online: boolean;
  readonly osvUrl?: string;
  readonly registry?: string;
  readonly fixAdvice: boolean;
  readonly timeout: number;
  readonly concurrency: number;
  readonly nodeCheck: boolean;
  readonly node?: string;
  readonly policy: boolean;
  readonly format: OutputFormat;
  readonly output?: string;
  readonly failOn: Severity;
  readonly config?: string;
}

type FlagOptions = Omit<DepsCliOptions, 'dir'>;

export type { SwitchSpec, ValueSpec } from '@rampart/cli-kit';
export type OptionTable = OptionTableFor<FlagOptions>;

export const defaults = {
  omit: [],
  db: [],
  shippedDb: true,
  cache: true,
  maxDbAge: 7,
  online: false,
  fixAdvice: false,
  timeout: 10_000,
  concurrency: 8,
  nodeCheck: true,
  policy: true,
  format: 'text',
  failOn: 'high',
} as const satisfies Partial<FlagOptions>;

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org';
export const DEFAULT_OSV_URL = 'https://api.osv.dev';

function httpUrl(raw: string): { value: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `"${raw}" is not a URL; give the full address, e.g. http://127.0.0.1:4873` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `expected an http or https URL, got ${url.protocol}` };
  if (url.username !== '' || url.password !== '') return { error: 'credentials in the URL are not supported' };
  // One trailing slash less, so that `${base}/name` never has a double slash.
  return { value: url.href.replace(/\/+$/, '') };
}

/** A Node version as `node --version` prints it, with or without the v. */
function nodeVersion(raw: string): { value: string } | { error: string } {
  const match = /^v?(\d+\.\d+\.\d+)$/.exec(raw);
  return match?.[1] === undefined ? { error: `expected a Node version such as 20.19.1, got "${raw}"` } : { value: match[1] };
}

export const optionTable: OptionTable = {
  lockfile: {
    kind: 'value',
    flag: '--lockfile',
    valueName: 'FILE',
    description: 'Read this lockfile instead of looking for one in DIR (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock).',
    parse: nonEmpty,
  },
  omit: {
    kind: 'value',
    flag: '--omit',
    valueName: 'dev|optional',
    description: 'Leave out what only devDependencies (or only optionalDependencies) bring in: report what ships.',
    repeatable: true,
    parse: accumulate(oneOf<OmitKind>(['dev', 'optional'])),
  },
  db: {
    kind: 'value',
    flag: '--db',
    valueName: 'PATH',
    description: 'Advisory database: a folder or .zip of OSV JSON records, or a Node security WG folder.',
    repeatable: true,
    parse: accumulate(nonEmpty),
  },
  shippedDb: {
    kind: 'switch',
    flag: '--no-shipped-db',
    sets: false,
    description: 'Do not use the advisory snapshot shipped with rampart (use only --db, the cache and --online).',
  },
  cache: {
    kind: 'switch',
    flag: '--no-cache',
    sets: false,
    description: 'Do not use the databases imported with `rampart deps db import`.',
  },
  cacheDir: {
    kind: 'value',
    flag: '--cache-dir',
    valueName: 'DIR',
    description: 'Where `db import` stores databases and runs read them (default $XDG_CACHE_HOME/rampart/deps, else ~/.cache/rampart/deps).',
    parse: nonEmpty,
  },
  maxDbAge: {
    kind: 'value',
    flag: '--max-db-age',
    valueName: 'DAYS',
    description: "Warn when a database's newest record is older than DAYS days.",
    defaultText: String(defaults.maxDbAge),
    parse: integer(0, 3650),
  },
  online: {
    kind: 'switch',
    flag: '--online',
    sets: true,
    description: 'Also ask the OSV API and the npm bulk advisory endpoint, and fetch registry metadata for fix advice.',
  },
  osvUrl: {
    kind: 'value',
    flag: '--osv-url',
    valueName: 'URL',
    description: 'Base URL of the OSV API (with --online).',
    defaultText: DEFAULT_OSV_URL,
    parse: httpUrl,
  },
  registry: {
    kind: 'value',
    flag: '--registry',
    valueName: 'URL',
    description: 'npm registry for advisories (with --online) and package metadata (fix advice).',
    defaultText: DEFAULT_REGISTRY,
    parse: httpUrl,
  },
  fixAdvice: {
    kind: 'switch',
    flag: '--fix-advice',
    sets: true,
    description: 'Fetch package metadata from the registry to say which dependency must move (implied by --online).',
  },
  timeout: {
    kind: 'value',
    flag: '--timeout',
    valueName: 'MS',
    description: 'Give up on one network request after MS milliseconds.',
    defaultText: String(defaults.timeout),
    parse: integer(100, 120_000),
  },
  concurrency: {
    kind: 'value',
    flag: '--concurrency',
    valueName: 'N',
    description: 'At most N network requests in flight at once.',
    defaultText: String(defaults.concurrency),
    parse: integer(1, 32),
  },
  nodeCheck: {
    kind: 'switch',
    flag: '--no-node',
    sets: false,
    description: 'Skip the Node.js core check (by default the running Node and the engines range are checked).',
  },
  node: {
    kind: 'value',
    flag: '--node',
    valueName: 'VERSION',
    description: 'Check this Node.js version instead of the running one (the one production runs).',
    parse: nodeVersion,
  },
  policy: {
    kind: 'switch',
    flag: '--no-policy',
    sets: false,
    description: 'Skip the supply-chain policy rules (install scripts, sources, registries, look-alike names).',
  },
  format: {
    kind: 'value',
    flag: '--format',
    valueName: 'text|json|sarif',
    description: 'Report format: text for people, JSON for scripts, SARIF for code scanning.',
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
    valueName: 'low|moderate|high|critical',
    description: 'Exit 1 when a finding (advisory or policy) that is not ignored is at or above this severity.',
    defaultText: defaults.failOn,
    parse: oneOf<Severity>(['low', 'moderate', 'high', 'critical']),
  },
  config: {
    kind: 'value',
    flag: '--config',
    valueName: 'FILE',
    description: 'Ignore and policy file to use instead of .rampart-deps.json / package.json "rampartDeps" beside the lockfile.',
    parse: nonEmpty,
  },
};
