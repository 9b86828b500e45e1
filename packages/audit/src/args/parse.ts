// parseArgs: argv (without `node` and the script) -> options, a help request, or a usage error.
// Pure: no I/O, no process access, so every case is a unit test.
import { closest } from '@rampart/cli-kit';
import { defaults, optionTable, type AuditCliOptions, type OptionSpec } from './options.js';
import { standaloneFlags, switchDefaults, switchTable, type StandaloneAction } from './options.js';
// --- spec-driven audit (audit-ops) ---
import { specOptionProblem } from './spec-options.js';
// --- end spec-driven audit ---

export type ParseResult =
  | { readonly kind: 'run'; readonly options: AuditCliOptions }
  | { readonly [K in StandaloneAction]: { readonly kind: K } }[StandaloneAction]
  | { readonly kind: 'usage-error'; readonly message: string };

type Key = keyof typeof optionTable;
const byFlag = new Map<string, Key>(Object.entries(optionTable).map(([key, spec]) => [spec.flag, key as Key]));
// --- audit-report: switches and standalone flags (--quiet; --help, --version, --list-checks) ---
type SwitchKey = keyof typeof switchTable;
const bySwitch = new Map<string, SwitchKey>(Object.entries(switchTable).map(([key, spec]) => [spec.flag, key as SwitchKey]));
const knownFlags = [...byFlag.keys(), ...bySwitch.keys(), ...Object.keys(standaloneFlags).filter((flag) => flag.startsWith('--'))];

/** The first standalone flag wins over everything else (even a broken option), like --help. */
function standaloneAction(argv: readonly string[]): StandaloneAction | undefined {
  const end = argv.indexOf('--');
  for (const arg of end === -1 ? argv : argv.slice(0, end)) {
    const action = standaloneFlags[arg]?.action;
    if (action !== undefined) return action;
  }
  return undefined;
}

const usageError = (message: string): ParseResult => ({ kind: 'usage-error', message });

/** `commandName` is how the user typed the command (`rampart-audit` or `rampart audit`), for
 * the messages that show a command line. */
export function parseArgs(argv: readonly string[], commandName = 'rampart-audit'): ParseResult {
  const action = standaloneAction(argv);
  if (action !== undefined) return { kind: action };
  const values: Partial<Record<Key, unknown>> = {};
  const switches: Partial<Record<SwitchKey, boolean>> = {};
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const switchKey = bySwitch.get(arg);
    if (switchKey !== undefined) {
      switches[switchKey] = true;
      continue;
    }
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
    const key = byFlag.get(flag);
    if (bySwitch.has(flag) || standaloneFlags[flag] !== undefined) return usageError(`${flag} takes no value`);
    if (key === undefined) {
      const guess = closest(flag, knownFlags);
      return usageError(`unknown option ${flag}${guess === undefined ? '' : ` (did you mean ${guess}?)`}`);
    }
    const spec = optionTable[key] as OptionSpec<unknown>;
    let raw: string | undefined;
    // --- spec-driven audit (audit-ops): switches take no value ---
    if (spec.switch === true) {
      if (equals > 0) return usageError(`${flag} takes no value`);
      if (values[key] !== undefined) return usageError(`${flag} was given more than once`);
      values[key] = true;
      continue;
    }
    // --- end spec-driven audit ---
    if (equals > 0) raw = arg.slice(equals + 1);
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
  if (positionals.length === 0) return usageError(`missing the target URL: ${commandName} URL [options]`);
  if (positionals.length > 1) return usageError(`expected one target URL, got ${positionals.length}: ${positionals.join(' ')}`);
  const target = parseTarget(positionals[0] ?? '');
  if (typeof target === 'string') return usageError(target);
  const options = { ...defaults, ...switchDefaults, ...values, ...switches, target } as AuditCliOptions;
  // --- spec-driven audit (audit-ops) ---
  const problem = specOptionProblem(options);
  if (problem !== undefined) return usageError(problem);
  // --- end spec-driven audit ---
  return { kind: 'run', options };
}

function parseTarget(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL; give the full address, e.g. http://127.0.0.1:3000`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the target must be http or https, got ${url.protocol}`;
  if (url.username !== '' || url.password !== '') return 'put credentials in --header, not in the URL';
  url.hash = '';
  return url;
}
