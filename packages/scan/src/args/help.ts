// The --help text, generated from the option table so it cannot drift from the parser.
import { flagUsage, optionNotes } from '@rampart/cli-kit';
import { optionTable } from './options.js';

export function helpText(): string {
  const rows = Object.values(optionTable).map((spec) => {
    const left = `  ${flagUsage(spec)}`;
    const extra = optionNotes(spec);
    return `${left.padEnd(34)}${spec.description}${extra === '' ? '' : ` (${extra})`}`;
  });
  return `Usage: rampart scan [PATH...] [options]
       rampart-scan [PATH...] [options]

Read JavaScript and TypeScript sources (default: the current directory) and report security
problems: injection, unsafe deserialization, weak cryptography, hard-coded secrets, insecure
configuration. Every finding has a severity, a confidence, the code line and its fix.
.gitignore is honoured; node_modules, dist, coverage and test files are skipped.

Options:
${rows.join('\n')}
  --list-rules                    List every rule (id, severity, confidence, CWE, bandit id) and exit.
  --version                       Print the version and exit.
  -h, --help                      Show this help.

Suppress one finding with a comment on its line or alone on the line before it (the reason
is required; a suppression without one, or one that suppresses nothing, is reported):
  // rampart-ignore sql-injection: the id is a UUID checked by the route schema

Exit codes:
  0  no finding at or above --severity and --confidence
  1  findings at or above the thresholds (not suppressed, not in --baseline)
  2  usage or configuration error, or a file that could not be parsed (the others are still scanned)

Examples:
  rampart scan
  rampart scan src --severity high --format sarif --output scan.sarif
  rampart scan --write-baseline .rampart-scan-baseline.json    then, in CI:
  rampart scan --baseline .rampart-scan-baseline.json
  rampart scan --skip weak-hash --exclude 'src/legacy/**'
`;
}
