// parseArgs: argv (without `node` and the script) -> options, a help request, or a usage error.
// Pure: no I/O, no process access, so every case is a unit test.
import { tokenizeArgs } from '@rampart/cli-kit';
import { defaults, optionTable, type AuditCliOptions } from './options.js';
import { standaloneFlags, type StandaloneAction } from './options.js';
import { specOptionProblem } from './spec-options.js';

export type ParseResult =
  | { readonly kind: 'run'; readonly options: AuditCliOptions }
  | { readonly [K in StandaloneAction]: { readonly kind: K } }[StandaloneAction]
  | { readonly kind: 'usage-error'; readonly message: string };

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
  const scanned = tokenizeArgs(argv, optionTable, { standalone: Object.keys(standaloneFlags) });
  if ('error' in scanned) return usageError(scanned.error);
  const positionals = scanned.positionals;
  if (positionals.length === 0) return usageError(`missing the target URL: ${commandName} URL [options]`);
  if (positionals.length > 1) return usageError(`expected one target URL, got ${positionals.length}: ${positionals.join(' ')}`);
  const target = parseTarget(positionals[0] ?? '');
  if (typeof target === 'string') return usageError(target);
  const options = { ...defaults, ...scanned.values, target } as AuditCliOptions;
  const problem = specOptionProblem(options);
  if (problem !== undefined) return usageError(problem);
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
