// parseArgs: argv (without `node` and the script) -> what to do, or a usage error.
// Pure: no I/O, no process access, so every case is a unit test.
import { closest, tokenizeArgs } from '@rampart/cli-kit';
import { defaults, optionTable, type DepsCliOptions } from './options.js';

export type DbCommand =
  | { readonly action: 'import'; readonly path: string; readonly options: DepsCliOptions }
  | { readonly action: 'status'; readonly options: DepsCliOptions };

export type ParseResult =
  | { readonly kind: 'run'; readonly options: DepsCliOptions }
  | { readonly kind: 'db'; readonly command: DbCommand }
  | { readonly kind: 'help'; readonly topic: 'main' | 'db' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string };

type Key = keyof typeof optionTable;

/** The options `db import` and `db status` understand; the others would be silently meaningless. */
const dbKeys: ReadonlySet<Key> = new Set<Key>(['cacheDir', 'db', 'shippedDb', 'cache', 'maxDbAge']);

const usageError = (message: string): ParseResult => ({ kind: 'usage-error', message });

export function parseArgs(argv: readonly string[]): ParseResult {
  const isDb = argv[0] === 'db';
  const rest = isDb ? argv.slice(1) : argv;
  // Help and version win over everything else, as in every CLI people know.
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', topic: isDb ? 'db' : 'main' };
  if (!isDb && (rest.includes('--version') || rest.includes('-V'))) return { kind: 'version' };
  const scanned = tokenizeArgs(rest, optionTable, { standalone: ['--help', '--version', '-V'] });
  if ('error' in scanned) return usageError(scanned.error);
  const { positionals } = scanned;
  const values = { ...scanned.values };
  // Only `db` gets here with --version (help and version win first otherwise).
  if (scanned.standalone.length > 0) return usageError(`${scanned.standalone[0]} does not apply to \`rampart deps db\``);
  if (isDb) return parseDb(values, positionals);
  if (positionals.length > 1) return usageError(`expected at most one project folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const dir = positionals[0] ?? '.';
  if (dir === '') return usageError('the project folder is an empty string');
  if (values.online === true && values.fixAdvice === undefined) values.fixAdvice = true;
  if (values.osvUrl !== undefined && values.online !== true) return usageError('--osv-url is only used with --online');
  if (values.node !== undefined && values.nodeCheck === false) return usageError('--node and --no-node contradict each other');
  return { kind: 'run', options: { ...defaults, ...values, dir } as DepsCliOptions };
}

function parseDb(values: Partial<Record<Key, unknown>>, positionals: readonly string[]): ParseResult {
  const foreign = (Object.keys(values) as Key[]).filter((key) => !dbKeys.has(key));
  if (foreign.length > 0) return usageError(`${optionTable[foreign[0] as Key].flag} does not apply to \`rampart deps db\``);
  const options = { ...defaults, ...values, dir: '.' } as DepsCliOptions;
  const [action, ...args] = positionals;
  if (action === 'import') {
    if (args.length !== 1) return usageError('usage: rampart deps db import PATH (one folder or .zip of OSV records)');
    return { kind: 'db', command: { action: 'import', path: args[0] ?? '', options } };
  }
  if (action === 'status') {
    if (args.length > 0) return usageError(`db status takes no arguments, got ${args.join(' ')}`);
    return { kind: 'db', command: { action: 'status', options } };
  }
  if (action === undefined) return usageError('missing the db action: rampart deps db import PATH | rampart deps db status');
  const guess = closest(action, ['import', 'status']);
  return usageError(`unknown db action "${action}"${guess === undefined ? '' : ` (did you mean ${guess}?)`}: use import or status`);
}
