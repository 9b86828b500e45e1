// parseArgs: argv (without `node` and the script) -> options, a help/version/list-rules request,
// or a usage error. Pure: no I/O, no process access, so every case is a unit test. Rule ids are
// checked against the rule set by the CLI (the parser knows only their syntax).
import { tokenizeArgs } from '@rampart/cli-kit';
import { defaults, optionTable, type ScanCliOptions } from './options.js';

export type ParseResult =
  | { readonly kind: 'run'; readonly options: ScanCliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'list-rules' }
  | { readonly kind: 'usage-error'; readonly message: string };

const standalone: Readonly<Record<string, ParseResult>> = {
  '--version': { kind: 'version' },
  '--list-rules': { kind: 'list-rules' },
};

const usageError = (message: string): ParseResult => ({ kind: 'usage-error', message });

export function parseArgs(argv: readonly string[]): ParseResult {
  // --help wins over everything, even over mistakes elsewhere on the line.
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  // (--help is in the list so that `--help=x` is told it takes no value; a bare one returned above.)
  const scanned = tokenizeArgs(argv, optionTable, { standalone: ['--help', ...Object.keys(standalone)] });
  if ('error' in scanned) return usageError(scanned.error);
  const request = scanned.standalone[0];
  if (request !== undefined) return standalone[request] as ParseResult;
  const values = scanned.values;
  if (values.only !== undefined && values.skip !== undefined) return usageError('--only and --skip cannot be combined; use one of them');
  if (values.baseline !== undefined && values.writeBaseline !== undefined) return usageError('--baseline and --write-baseline cannot be combined');
  const paths = scanned.positionals;
  return { kind: 'run', options: { ...defaults, ...values, paths: paths.length === 0 ? ['.'] : paths } as ScanCliOptions };
}
