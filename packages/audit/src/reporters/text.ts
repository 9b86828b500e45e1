// Text reporter: findings grouped by OWASP category, one line each, the fix under every WARN
// and FAIL, and a final score line. Colour only when the caller says the output is a terminal.
import type { Finding, Verdict } from '../checks/types.js';
import type { AuditReport, CheckResult } from '../runner/report.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
import { printable } from '@rampart/cli-kit';

export interface TextOptions {
  readonly color: boolean;
  /** Only WARN and FAIL findings, checks that could not finish, notes and the score line. */
  readonly quiet?: boolean;
}

const shownWhenQuiet = (finding: Finding) => finding.verdict === 'WARN' || finding.verdict === 'FAIL';

const verdictColor: Record<Verdict | 'ERROR', string> = {
  PASS: '\u001b[32m',
  INFO: '\u001b[36m',
  WARN: '\u001b[33m',
  FAIL: '\u001b[31;1m',
  'N/A': '\u001b[2m',
  ERROR: '\u001b[35;1m',
};
const reset = '\u001b[0m';
const dim = '\u001b[2m';

export function renderText(report: AuditReport, options: TextOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${reset}` : text);
  const idWidth = Math.max(8, ...report.results.map((result) => result.check.id.length));
  const quiet = options.quiet === true;
  // Quiet: no banner either; notes stay (they say whether the result can be trusted).
  const lines: string[] = quiet
    ? []
    : [
        `${TOOL_NAME} ${TOOL_VERSION}: ${printable(report.target)}`,
        paint(dim, `${report.requestsSent} requests in ${(report.durationMs / 1000).toFixed(1)} s, ${report.startedAt}`),
      ];
  for (const note of report.notes ?? []) lines.push(`note: ${printable(note)}`);
  const shown = (result: CheckResult) => (quiet ? result.findings.filter(shownWhenQuiet) : result.findings);
  for (const [category, results] of groupByCategory(report.results)) {
    if (quiet && results.every((result) => result.error === undefined && shown(result).length === 0)) continue;
    lines.push('', paint('\u001b[1m', category));
    for (const result of results) {
      const id = result.check.id.padEnd(idWidth);
      if (result.error !== undefined) {
        lines.push(`  ${paint(verdictColor.ERROR, 'ERROR')}  ${id}  ${result.check.title}: could not finish (${printable(result.error)})`);
      }
      for (const finding of shown(result)) lines.push(...findingLines(finding, id, idWidth, paint));
    }
  }
  const { summary } = report;
  const errors = report.results.filter((result) => result.error !== undefined).length;
  lines.push(
    '',
    `Score ${report.score}/100: ${summary.fail} fail, ${summary.warn} warn, ${summary.info} info, ${summary.pass} pass, ${summary.na} n/a` +
      (errors === 0 ? '' : `, ${errors} check${errors === 1 ? '' : 's'} could not finish`),
  );
  return `${(quiet ? lines.join('\n').replace(/^\n+/, '') : lines.join('\n'))}\n`;
}

function findingLines(finding: Finding, id: string, idWidth: number, paint: (code: string, text: string) => string): string[] {
  const verdict = paint(verdictColor[finding.verdict], finding.verdict.padEnd(5));
  const indent = ' '.repeat(2 + 5 + 2 + idWidth + 2);
  const lines = [`  ${verdict}  ${id}  ${printable(finding.title)}${finding.severity === undefined ? '' : ` [${finding.severity}]`}`];
  lines.push(`${indent}${paint(dim, printable(`${finding.detail} (${finding.url})`))}`);
  if ((finding.verdict === 'WARN' || finding.verdict === 'FAIL') && finding.fix !== undefined) {
    lines.push(`${indent}fix: ${printable(finding.fix)}`);
  }
  return lines;
}


/** Sort key of a category: the 2021 Top 10 first (A01..A10), then the API Top 10 2023 (API1..API10). */
function categoryRank(category: string): number {
  const api = /^API(\d+):/.exec(category);
  if (api) return 100 + Number(api[1]);
  const web = /^A(\d+):/.exec(category);
  return web ? Number(web[1]) : 1000;
}

/** Categories in OWASP order (A01..A10, then API1..API10); checks keep their report order inside a category. */
function groupByCategory(results: readonly CheckResult[]): Array<[string, CheckResult[]]> {
  const groups = new Map<string, CheckResult[]>();
  for (const result of results) {
    const group = groups.get(result.check.category) ?? [];
    group.push(result);
    groups.set(result.check.category, group);
  }
  return [...groups.entries()].sort(([a], [b]) => categoryRank(a) - categoryRank(b) || a.localeCompare(b));
}
