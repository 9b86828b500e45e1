// The --help texts, generated from the option table so they cannot drift from the parser.
import { flagUsage, optionNotes } from '@rampart/cli-kit';
import { optionTable, type SwitchSpec, type ValueSpec } from './options.js';

function row(spec: ValueSpec<unknown> | SwitchSpec): string {
  const left = `  ${flagUsage(spec)}`;
  const extra = optionNotes(spec);
  const description = wrap(`${spec.description}${extra === '' ? '' : ` (${extra})`}`, 100 - 36).join(`\n${' '.repeat(36)}`);
  return left.length >= 36 ? `${left}\n${' '.repeat(36)}${description}` : `${left.padEnd(36)}${description}`;
}

/** Words into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function helpText(): string {
  const rows = Object.values(optionTable).map((spec) => row(spec as ValueSpec<unknown> | SwitchSpec));
  return `Usage: rampart deps [DIR] [options]
       rampart deps db import PATH | rampart deps db status

Audit the dependencies a lockfile installs (npm package-lock.json / npm-shrinkwrap.json,
pnpm-lock.yaml, yarn.lock v1 and berry) against OSV advisories, offline by default, plus the
installed Node.js against Node core advisories, plus supply-chain policy rules (install
scripts, git/http/file sources, foreign registries, look-alike names). Every finding shows its
dependency path and how to fix it without breaking the install.

DIR is the project folder (default .) or its lockfile. Ignores live in .rampart-deps.json beside the
lockfile (or "rampartDeps" in package.json); each needs a reason and an expiry date at
most a year ahead. See docs/deps.md.

Options:
${rows.join('\n')}
  -V, --version                     Print the version.
  -h, --help                        Show this help.

Exit codes:
  0  nothing at or above --fail-on (ignored findings do not count)
  1  advisory or policy findings at or above --fail-on
  2  usage or configuration error (bad option, bad ignore entry, unreadable lockfile)
  3  no usable advisory database (run \`rampart deps db import PATH\` or pass --db or --online)

Examples:
  rampart deps
  rampart deps packages/web --omit dev --fail-on moderate
  rampart deps --db ./osv-npm.zip --format sarif --output deps.sarif
  rampart deps --online --format json
  rampart deps db import ~/Downloads/npm-osv.zip
`;
}

export function dbHelpText(): string {
  return `Usage: rampart deps db import PATH [--cache-dir DIR]
       rampart deps db status [--cache-dir DIR] [--db PATH] [--no-shipped-db] [--no-cache] [--max-db-age DAYS]

import   Copy an advisory database (a folder or .zip of OSV JSON records, e.g. OSV's
         npm all.zip from https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip,
         or a Node security WG checkout) into the cache, so that later runs use it
         without --db.
status   List every database a run would use: its name, where it is, how many records,
         the date of its newest record, and whether it is older than --max-db-age.

Exit codes: 0 done, 2 usage error or unreadable database, 3 (status) no usable database.
`;
}
