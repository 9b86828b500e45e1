// The --help text, generated from the option tables so it cannot drift from the parser.
// `commandName` is the command as installed: `rampart-audit` (this package's bin) or
// `rampart audit` (the platform CLI, which passes its name through CliIO.commandName).
import { flagUsage, optionNotes } from '@rampart/cli-kit';
import { optionTable, standaloneFlags } from './options.js';

const row = (left: string, description: string) => `${left.padEnd(34)}${description}`;

export function helpText(commandName = 'rampart-audit'): string {
  const rows = Object.values(optionTable).map((spec) => {
    const left = `  ${flagUsage(spec)}`;
    const extra = optionNotes(spec);
    return row(left, `${spec.description}${extra === '' ? '' : ` (${extra})`}`);
  });
  const standaloneRows = Object.entries(standaloneFlags)
    .filter(([flag]) => flag !== '-h' && flag !== '--help')
    .map(([flag, spec]) => row(`  ${flag}`, spec.description));
  const name = commandName;
  return `Usage: ${name} URL [options]

Probe a running HTTP API from the outside (any language, any framework) and print the
hardening checklist: CORS, security headers, banners, error leakage, exposed docs and debug
paths, Host header handling, TRACE, cookies, security.txt, transport, and (with --login)
rate limiting. Every WARN and FAIL comes with its fix. With --openapi (or --path, or --auth
and a document the target exposes) it also probes every operation: authentication, object and
function authorization, mass assignment (--active), input handling, forged tokens and
response headers (OWASP API Security Top 10 2023).

Only audit servers you own or are allowed to test. The audit sends a bounded number of
requests (about 60 against a typical API, never more than 300; --login adds at most 31; a
spec-driven audit at most --max-requests), never follows redirects, and never sends
credentials unless you pass them with --header, --auth or --auth-cmd.

Options:
${rows.join('\n')}
${standaloneRows.join('\n')}
  -h, --help                      Show this help.

Exit codes:
  0  nothing at or above --fail-on
  1  findings at or above --fail-on (or a check could not finish)
  2  usage or configuration error
  3  target unreachable

Examples:
  ${name} http://127.0.0.1:3000
  ${name} https://api.example.com --format sarif --output audit.sarif
  ${name} https://api.example.com --fail-on warn --header 'Authorization: Bearer TOKEN'
  ${name} http://127.0.0.1:3000 --login /auth/login --config audit.json
  ${name} http://127.0.0.1:3000 --quiet
  ${name} --list-checks
  ${name} http://127.0.0.1:3000 --openapi openapi.yaml \
    --auth alice='Authorization: Bearer TOKEN_A' --auth bob='Authorization: Bearer TOKEN_B' --dry-run
`;
}
