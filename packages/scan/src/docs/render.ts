// docs/scan.md, generated: the hand-written manual (scan.template.md beside this file) with the
// option table filled in from args/options.ts and one section per rule from the rules' meta.
// `npm run docs:scan` writes it; render.test.ts fails when the committed file is out of date.
import { readFileSync } from 'node:fs';
import { flagUsage, optionNotes } from '@rampart/cli-kit';
import { optionTable } from '../args/options.js';
import { allRules } from '../rules/index.js';
import type { ScanRuleMeta } from '../rules/types.js';
import { runnerChecks } from '../runner/catalogue.js';

// From src/docs/ (tests) and from dist/docs/ (the script) alike: the template stays in src/.
const templateUrl = new URL('../../src/docs/scan.template.md', import.meta.url);

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function optionsTable(): string {
  const rows = Object.values(optionTable).map((spec) => {
    const flag = `\`${flagUsage(spec)}\``;
    const notes = optionNotes(spec, (text) => `\`${text}\``);
    return `| ${cell(flag)} | ${cell(spec.description)}${notes === '' ? '' : ` (${notes})`} |`;
  });
  return ['| option | meaning |', '|---|---|', ...rows, '| `--list-rules` | List every rule (id, severity, confidence, CWE, bandit id) and exit. |', '| `--version` | Print the version and exit. |', '| `-h`, `--help` | Show the help and exit. |'].join('\n');
}

function ruleIndex(rules: readonly ScanRuleMeta[]): string {
  return ['| rule | severity | confidence | CWE | OWASP 2021 | bandit |', '|---|---|---|---|---|---|', ...rules.map((meta) => `| [\`${meta.id}\`](#${meta.id}) | ${meta.severity} | ${meta.confidence} | CWE-${meta.cwe} | ${meta.owasp.slice(0, 3)} | ${meta.bandit ?? '-'} |`)].join('\n');
}

function fence(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}ts\n${code.trimEnd()}\n${ticks}`;
}

function ruleSection(meta: ScanRuleMeta): string {
  return [
    `<a id="${meta.id}"></a>`,
    `### \`${meta.id}\`: ${meta.name}`,
    '',
    `Severity **${meta.severity}**, confidence **${meta.confidence}** (per finding it may differ) · [CWE-${meta.cwe}](https://cwe.mitre.org/data/definitions/${meta.cwe}.html) · OWASP ${meta.owasp} · bandit: ${meta.bandit === undefined ? 'no equivalent' : meta.bandit}`,
    '',
    meta.docs.description.trim(),
    '',
    `**Message:** ${meta.message}`,
    '',
    `**Fix:** ${meta.fix}`,
    '',
    'Vulnerable:',
    '',
    fence(meta.docs.vulnerable),
    '',
    'Safe:',
    '',
    fence(meta.docs.safe),
    '',
  ].join('\n');
}

export function renderDocs(): string {
  const rules = [...allRules.map((rule) => rule.meta)].sort((a, b) => a.id.localeCompare(b.id));
  const checks = [...runnerChecks].sort((a, b) => a.id.localeCompare(b.id));
  const template = readFileSync(templateUrl, 'utf8');
  return template
    .replace('{{options}}', () => optionsTable())
    .replace('{{rule-index}}', () => ruleIndex([...rules, ...checks]))
    .replace('{{rules}}', () => rules.map(ruleSection).join('\n'))
    .replace('{{runner-checks}}', () => checks.map(ruleSection).join('\n'))
    .replace(/\n{3,}/g, '\n\n');
}
