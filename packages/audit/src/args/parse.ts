// parseArgs: argv (without `node` and the script) -> options, a help request, or a usage error.
// Pure: no I/O, no process access, so every case is a unit test.
import { closest } from '@rampart/cli-kit';
import { defaults, optionTable, type AuditCliOptions, type OptionSpec } from './options.js';
// --- spec-driven audit (audit-ops) ---
import { specOptionProblem } from './spec-options.js';
// --- end spec-driven audit ---

export type ParseResult =
  | { readonly kind: 'run'; readonly options: AuditCliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string };

type Key = keyof typeof optionTable;
const byFlag = new Map<string, Key>(Object.entries(optionTable).map(([key, spec]) => [spec.flag, key as Key]));
const knownFlags = [...byFlag.keys(), '--help'];

const usageError = (message: string): ParseResult => ({ kind: 'usage-error', message });

export function parseArgs(argv: readonly string[]): ParseResult {
  const values: Partial<Record<Key, unknown>> = {};
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
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
  if (positionals.length === 0) return usageError('missing the target URL: rampart audit URL [options]');
  if (positionals.length > 1) return usageError(`expected one target URL, got ${positionals.length}: ${positionals.join(' ')}`);
  const target = parseTarget(positionals[0] ?? '');
  if (typeof target === 'string') return usageError(target);
  const options = { ...defaults, ...values, target } as AuditCliOptions;
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
