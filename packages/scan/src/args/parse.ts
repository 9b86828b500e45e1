// parseArgs: argv (without `node` and the script) -> options, a help/version/list-rules request,
// or a usage error. Pure: no I/O, no process access, so every case is a unit test. Rule ids are
// checked against the rule set by the CLI (the parser knows only their syntax).
import { closest } from '@rampart/cli-kit';
import { defaults, optionTable, type OptionSpec, type ScanCliOptions } from './options.js';

export type ParseResult =
  | { readonly kind: 'run'; readonly options: ScanCliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'list-rules' }
  | { readonly kind: 'usage-error'; readonly message: string };

type Key = keyof typeof optionTable;
const byFlag = new Map<string, Key>(Object.entries(optionTable).map(([key, spec]) => [spec.flag, key as Key]));
const standalone: Readonly<Record<string, ParseResult>> = {
  '--help': { kind: 'help' },
  '-h': { kind: 'help' },
  '--version': { kind: 'version' },
  '--list-rules': { kind: 'list-rules' },
};
const knownFlags = [...byFlag.keys(), '--help', '--version', '--list-rules'];

const usageError = (message: string): ParseResult => ({ kind: 'usage-error', message });

export function parseArgs(argv: readonly string[]): ParseResult {
  // --help wins over everything, even over mistakes elsewhere on the line.
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const values: Partial<Record<Key, unknown>> = {};
  const paths: string[] = [];
  let request: ParseResult | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      paths.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const special = standalone[arg];
    if (special !== undefined) {
      request ??= special;
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const key = byFlag.get(flag);
    if (key === undefined) {
      const guess = closest(flag, knownFlags);
      return usageError(`unknown option ${flag}${guess === undefined ? '' : ` (did you mean ${guess}?)`}`);
    }
    const spec = optionTable[key] as OptionSpec<unknown>;
    let raw: string | undefined;
    if (spec.valueName === '') {
      if (equals > 0) return usageError(`${flag} takes no value`);
      raw = '';
    } else if (equals > 0) raw = arg.slice(equals + 1);
    else {
      raw = argv[index + 1];
      index += 1;
    }
    if (raw === undefined) return usageError(`${flag} needs a value: ${flag} ${spec.valueName}`);
    if (values[key] !== undefined && !spec.repeatable) return usageError(`${flag} was given more than once`);
    const parsed = spec.parse(raw, values[key]);
    if ('error' in parsed) return usageError(`${flag}: ${parsed.error}`);
    values[key] = parsed.value;
  }
  if (request !== undefined) return request;
  if (values.only !== undefined && values.skip !== undefined) return usageError('--only and --skip cannot be combined; use one of them');
  if (values.baseline !== undefined && values.writeBaseline !== undefined) return usageError('--baseline and --write-baseline cannot be combined');
  return { kind: 'run', options: { ...defaults, ...values, paths: paths.length === 0 ? ['.'] : paths } as ScanCliOptions };
}
