// `rampart <command>`: one command table, a pure parseArgs, documented exit codes
// (0 success, 1 failure, 2 usage error). Each command lives in commands/<name>.ts and is
// loaded only when run. Owners add a command with ONE line in COMMANDS.
import { cliMessageOf } from '../errors/cli-messages.js';
import { UsageError } from './types.js';
import type { CliIo, CommandRun } from './types.js';

export type { CliIo, CommandRun } from './types.js';
export { UsageError } from './types.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CommandEntry {
  /** One line for `rampart --help`. */
  readonly summary: string;
  /** Arguments after the command name, for `rampart <command> --help`. */
  readonly usage: string;
  readonly load: () => Promise<CommandRun>;
  /** The command prints its own `--help` (its arguments are passed through untouched). */
  readonly ownHelp?: boolean;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  serve: { summary: 'run the platform (npm start runs this)', usage: '', load: async () => (await import('./commands/serve.js')).run },
  'db migrate': { summary: 'apply pending database migrations (PostgreSQL: DATABASE_MIGRATION_URL only; else the embedded database)', usage: '', load: async () => (await import('./commands/db-migrate.js')).run },
  'db provision': { summary: 'create the least-privilege database roles, or with --rotate give one of them a new password (DATABASE_ADMIN_URL; passwords from the environment or stdin)', usage: '[--role-prefix P] [--rotate migrator|app|readonly]', load: async () => (await import('./commands/db-provision.js')).run },
  'users add': { summary: 'create a user (password read from standard input)', usage: '--email E --role free-user|paid-individual|admin [--display-name N]', load: async () => (await import('./commands/users.js')).add },
  'users lock': { summary: 'lock an account and revoke every session of it', usage: '--email E', load: async () => (await import('./commands/users.js')).lock },
  'users role': { summary: "change a user's role (privilege_changed); every session of it is revoked", usage: '--email E --role free-user|paid-individual|admin', load: async () => (await import('./commands/users.js')).role },
  'users unlock': { summary: 'unlock an account', usage: '--email E', load: async () => (await import('./commands/users.js')).unlock },
  'users verify': { summary: "mark a user's email address verified by hand (REQUIRE_VERIFIED_EMAIL)", usage: '--email E', load: async () => (await import('./commands/users.js')).verify },
  'users mfa-reset': { summary: "remove a user's MFA (operator recovery: recovery codes spent, sessions revoked, owner told)", usage: '--email E', load: async () => (await import('./commands/users.js')).mfaReset },
  'users list': { summary: 'list the users, or with --locked those an operator locked', usage: '[--locked]', load: async () => (await import('./commands/users.js')).list },
  'sessions revoke': { summary: 'revoke every session and access token of one user, or of everyone (all log in again), on every instance at once', usage: '--user E | --all', load: async () => (await import('./commands/sessions.js')).revoke },
  events: { summary: 'the security event log, newest first (OWASP names: docs/operations.md)', usage: '[--since 24h] [--type T] [--user E] [--limit 100] [--format text|json]', load: async () => (await import('./commands/events.js')).run },
  'keys rotate': { summary: 'add a signing key; the previous one verifies until its tokens expire', usage: '', load: async () => (await import('./commands/keys.js')).rotate },
  'keys retire': { summary: 'retire a compromised signing key: its tokens are refused on every instance within a second', usage: 'KID', load: async () => (await import('./commands/keys.js')).retire },
  'secrets rotate': { summary: 'new sealing keys for TOTP secrets and the reset outbox, every ciphertext sealed again, while the service runs', usage: '', load: async () => (await import('./commands/secrets.js')).rotate },
  isolate: { summary: 'isolate the service on every instance within a second: read-only (writes answer 503), closed (all but /health, /metrics), off; or show it', usage: 'read-only|closed|off|status', load: async () => (await import('./commands/isolate.js')).run },
  audit: { summary: 'probe a running HTTP API from outside and print the hardening checklist', usage: 'URL [options] (rampart audit --help, rampart audit --list-checks)', load: async () => (await import('./commands/audit.js')).run, ownHelp: true },
  scan: { summary: 'static security analysis of TypeScript and JavaScript source (the lesson\'s bandit)', usage: '[PATH...] [options] (rampart scan --help)', load: async () => (await import('./commands/scan.js')).run, ownHelp: true },
  deps: { summary: 'audit the lockfile\'s dependencies against advisories and the supply-chain policy', usage: '[DIR] [options] (rampart deps --help)', load: async () => (await import('./commands/deps.js')).run, ownHelp: true },
};

export type ParsedArgs =
  | { readonly kind: 'help'; readonly command?: string }
  | { readonly kind: 'run'; readonly command: string; readonly args: readonly string[] }
  | { readonly kind: 'usage'; readonly message: string };

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

/** Pure: argv (without node and script) -> what to do. Command names may be several words;
 * the longest name in `table` that prefixes argv wins. */
export function parseArgs(argv: readonly string[], table: Readonly<Record<string, CommandEntry>> = COMMANDS): ParsedArgs {
  if (argv.length === 0) return { kind: 'usage', message: 'no command given' };
  if (argv.length === 1 && HELP_FLAGS.has(argv[0] as string)) return { kind: 'help' };
  const names = Object.keys(table).sort((a, b) => b.split(' ').length - a.split(' ').length);
  for (const name of names) {
    const words = name.split(' ');
    if (words.every((word, i) => argv[i] === word)) {
      const args = argv.slice(words.length);
      if (!table[name]?.ownHelp && (args.includes('--help') || args.includes('-h'))) return { kind: 'help', command: name };
      return { kind: 'run', command: name, args };
    }
  }
  const first = String(argv[0]).slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
  const group = names.filter((name) => name.startsWith(`${first} `));
  if (group.length > 0) return { kind: 'usage', message: `"${first}" needs a subcommand: ${group.join(', ')}` };
  return { kind: 'usage', message: `unknown command "${first}"` };
}

export function helpText(table: Readonly<Record<string, CommandEntry>> = COMMANDS, command?: string): string {
  if (command !== undefined) {
    const entry = table[command];
    return `usage: rampart ${command}${entry?.usage ? ` ${entry.usage}` : ''}\n\n${entry?.summary ?? ''}\n`;
  }
  const width = Math.max(...Object.keys(table).map((name) => name.length));
  const lines = Object.entries(table).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    'usage: rampart <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Configuration comes from the environment (docs/configuration.md).',
    'exit codes: 0 success, 1 failure, 2 usage error',
    '',
  ].join('\n');
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(helpText(COMMANDS, parsed.command));
    return EXIT_OK;
  }
  if (parsed.kind === 'usage') {
    io.stderr.write(`rampart: ${parsed.message}\n\n${helpText()}`);
    return EXIT_USAGE;
  }
  try {
    const run = await (COMMANDS[parsed.command] as CommandEntry).load();
    return await run(parsed.args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`rampart ${parsed.command}: ${error.message}\n\n${helpText(COMMANDS, parsed.command)}`);
      return EXIT_USAGE;
    }
    // Operator-facing: a domain error's message from errors/cli-messages.ts (a storage outage says
    // which store to check), otherwise the error's own (config errors name the variable and the fix); no stack.
    const message = cliMessageOf(error) ?? (error instanceof Error ? error.message : String(error));
    const cause = error instanceof Error && error.cause instanceof Error ? `\n  cause: ${error.cause.message}` : '';
    io.stderr.write(`rampart ${parsed.command}: ${message}${cause}\n`);
    return EXIT_FAILURE;
  }
}

/** The process entry (bin/rampart.js). Exits explicitly once the command is done: after a
 * shutdown, a request handler cut at the deadline may still hold a timer or a socket. Standard
 * output and error are synchronous for files and pipes on Linux, so nothing written is lost. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  });
  process.exit(code);
}
