// The command-line grammar the analyzers share: `--flag value`, `--flag=value`, switches
// (`--online`, `--no-policy`), `--` ending the options, repeatable flags, and a usage error
// that names the flag (with a "did you mean" for an unknown one). Each command describes its
// flags in a table of these specs; its parser adds only what is its own (positionals, rules
// across options). Pure: no I/O.
import { closest } from './suggest.js';

export type Parsed<T> = { readonly value: T } | { readonly error: string };

interface CommonSpec {
  readonly flag: `--${string}`;
  readonly description: string;
  /** Shown in --help; undefined means "not set". */
  readonly defaultText?: string;
}

/** A flag with a value: `--format json` or `--format=json`. */
export interface ValueSpec<T> extends CommonSpec {
  readonly kind: 'value';
  readonly valueName: string;
  /** May be given more than once (values accumulate through `parse`). */
  readonly repeatable?: boolean;
  /** Parse one raw value given the value so far. */
  parse(raw: string, previous: T | undefined): Parsed<T>;
}

/** A flag without a value; its presence sets the option (`--online` true, `--no-policy` false). */
export interface SwitchSpec extends CommonSpec {
  readonly kind: 'switch';
  readonly sets: boolean;
}

export type OptionSpec = ValueSpec<never> | SwitchSpec;
type SpecFor<T> = [T] extends [boolean] ? SwitchSpec : ValueSpec<T>;
/** The table type for an options interface: a boolean option is a switch, any other a value. */
export type OptionTableFor<Options> = { readonly [K in keyof Options]-?: SpecFor<Exclude<Options[K], undefined>> };

export interface TokenizeSettings {
  /** Flags the command handles itself (`--help`, `--version`): collected in order, take no value. */
  readonly standalone?: readonly string[];
}

export interface Tokenized<Key extends string> {
  readonly values: Partial<Record<Key, unknown>>;
  readonly positionals: readonly string[];
  /** The standalone flags met before `--`, in order. */
  readonly standalone: readonly string[];
}

/** argv -> the values of the table's flags, the positionals, and the standalone flags met; or
 * the first usage error. */
export function tokenizeArgs<Key extends string>(
  argv: readonly string[],
  table: { readonly [K in Key]: ValueSpec<never> | ValueSpec<unknown> | SwitchSpec },
  settings: TokenizeSettings = {},
): Tokenized<Key> | { readonly error: string } {
  const byFlag = new Map<string, Key>((Object.keys(table) as Key[]).map((key) => [table[key].flag, key]));
  const standaloneFlags = new Set(settings.standalone ?? []);
  const knownFlags = [...byFlag.keys(), ...[...standaloneFlags].filter((flag) => flag.startsWith('--'))];
  const values: Partial<Record<Key, unknown>> = {};
  const positionals: string[] = [];
  const standalone: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    if (standaloneFlags.has(flag)) {
      if (equals > 0) return { error: `${flag} takes no value` };
      standalone.push(flag);
      continue;
    }
    const key = byFlag.get(flag);
    if (key === undefined) {
      const guess = closest(flag, knownFlags);
      return { error: `unknown option ${flag}${guess === undefined ? '' : ` (did you mean ${guess}?)`}` };
    }
    const spec = table[key] as ValueSpec<unknown> | SwitchSpec;
    if (spec.kind === 'switch') {
      if (equals > 0) return { error: `${flag} takes no value` };
      values[key] = spec.sets;
      continue;
    }
    let raw: string | undefined;
    if (equals > 0) raw = arg.slice(equals + 1);
    else {
      raw = argv[index + 1];
      index += 1;
    }
    if (raw === undefined) return { error: `${flag} needs a value: ${flag} ${spec.valueName}` };
    if (values[key] !== undefined && spec.repeatable !== true) return { error: `${flag} was given more than once` };
    const parsed = spec.parse(raw, values[key]);
    if ('error' in parsed) return { error: `${flag}: ${parsed.error}` };
    values[key] = parsed.value;
  }
  return { values, positionals, standalone };
}

/** How a flag is written in help: `--format text|json` for a value, `--online` for a switch. */
export function flagUsage(spec: ValueSpec<never> | ValueSpec<unknown> | SwitchSpec): string {
  return spec.kind === 'switch' ? spec.flag : `${spec.flag} ${spec.valueName}`;
}

/** The notes after a flag's description in help: "repeatable", "default X" (`quote` formats X). */
export function optionNotes(spec: ValueSpec<never> | ValueSpec<unknown> | SwitchSpec, quote: (text: string) => string = (text) => text): string {
  const repeatable = spec.kind === 'value' && spec.repeatable === true;
  return [repeatable ? 'repeatable' : '', spec.defaultText === undefined ? '' : `default ${quote(spec.defaultText)}`].filter(Boolean).join(', ');
}
