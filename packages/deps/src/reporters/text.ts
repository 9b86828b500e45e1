// Text reporter, pip-audit plain: what was read and from which databases (each with the date of its
// newest record), then findings grouped by severity, worst first, each with its dependency path,
// title, fixed version and fix command; then ignored findings with their reason and expiry, expired
// and unused ignores, and a summary line. Colour only when the caller says it is a terminal.
import type { Severity } from '../model.js';
import type { DepsReport, ReportedFinding } from '../runner/report.js';
import { fixActions } from './actions.js';
import { joinPath } from './json.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
import { printable } from '@rampart/cli-kit';

export interface TextOptions {
  readonly color: boolean;
}

const severityColor: Record<Severity, string> = { critical: '\u001b[35;1m', high: '\u001b[31;1m', moderate: '\u001b[33m', low: '\u001b[36m' };
const order: readonly Severity[] = ['critical', 'high', 'moderate', 'low'];
const reset = '\u001b[0m';
const dim = '\u001b[2m';
const bold = '\u001b[1m';


const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function renderText(report: DepsReport, options: TextOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${reset}` : text);
  const lines: string[] = [];
  const omitted = report.omitted.length === 0 ? '' : ` (${report.omitted.join(' and ')} omitted: ${report.packages.total - report.packages.audited} left out)`;
  lines.push(`${TOOL_NAME} ${TOOL_VERSION}: ${printable(report.lockfile.relativePath)} (${report.lockfile.format} lockfile v${printable(report.lockfile.version)}), ${plural(report.packages.audited, 'package')} audited${omitted}`);
  for (const source of report.sources) {
    const age = source.newest === '' ? 'age unknown' : `newest record ${source.newest}${source.ageDays === undefined ? '' : `, ${plural(source.ageDays, 'day')} old`}`;
    lines.push(paint(dim, `database: ${printable(source.name)}: ${source.records.toLocaleString('en-US')} records, ${age}${source.stale ? ' (STALE)' : ''} [${printable(source.path)}]`));
  }
  if (report.node !== undefined) lines.push(paint(dim, `node: ${report.node.version}${report.node.engines === undefined ? '' : `, engines ${printable(report.node.engines)}`}`));
  if (report.configFile !== undefined) lines.push(paint(dim, `ignores: ${printable(report.configFile)}`));
  for (const warning of report.warnings) lines.push(paint(severityColor.moderate, `warning: ${printable(warning)}`));

  for (const severity of order) {
    const group = report.findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    lines.push('', paint(`${bold}${severityColor[severity]}`, `${severity.toUpperCase()} (${group.length})`));
    for (const finding of group) lines.push(...findingLines(finding, paint));
  }
  const actions = fixActions(report.findings);
  if (actions.length > 0) {
    lines.push('', paint(bold, `TO FIX (${actions.length} ${actions.length === 1 ? 'action' : 'actions'})`));
    for (const { action, fixes } of actions) lines.push(`  ${printable(action)}  ${paint(dim, `(${plural(fixes, 'finding')})`)}`);
  }
  if (report.ignored.length > 0) {
    lines.push('', paint(bold, `IGNORED (${report.ignored.length})`));
    for (const { finding, ignore } of report.ignored) {
      lines.push(`  ${printable(finding.id)}  ${printable(`${finding.package}@${finding.version}`)}  [${finding.severity}]  ${printable(finding.title)}`);
      lines.push(`      ignored until ${ignore.expires}: ${printable(ignore.reason)} ${paint(dim, `(${printable(ignore.where)})`)}`);
    }
  }
  if (report.expiredIgnores.length > 0) {
    lines.push('', paint(bold, `EXPIRED IGNORES (${report.expiredIgnores.length})`));
    for (const { ignore, findings } of report.expiredIgnores) {
      const what = findings.length === 0 ? 'matches nothing now: remove it' : `reported again: ${printable(findings.join(', '))}`;
      lines.push(`  ${printable(ignore.id)} expired on ${ignore.expires} (${printable(ignore.where)}): ${what}`);
    }
  }
  if (report.unusedIgnores.length > 0) {
    lines.push('', paint(bold, `UNUSED IGNORES (${report.unusedIgnores.length})`));
    for (const ignore of report.unusedIgnores) lines.push(`  ${printable(ignore.id)} (${printable(ignore.where)}): matches no finding; remove it`);
  }
  const { summary } = report;
  const counts = order.map((severity) => `${summary[severity]} ${severity}`).join(', ');
  const verdict = summary.atOrAboveFailOn === 0 ? `nothing at or above ${report.failOn}` : `${plural(summary.atOrAboveFailOn, 'finding')} at or above ${report.failOn}`;
  lines.push('', `${summary.total === 0 ? 'No findings' : `${plural(summary.total, 'finding')}: ${counts}`}; ${summary.ignored} ignored; ${verdict}.`);
  return `${lines.join('\n')}\n`;
}

function findingLines(finding: ReportedFinding, paint: (code: string, text: string) => string): string[] {
  const tag = finding.kind === 'policy' ? 'policy ' : '';
  const lines = [`  ${paint(severityColor[finding.severity], printable(finding.id))}  ${printable(`${finding.package}@${finding.version}`)}${finding.alias === undefined ? '' : ` (as ${printable(finding.alias)})`}${finding.dev ? ' (dev)' : ''}  ${tag}${printable(finding.title)}`];
  const [first, ...others] = finding.paths;
  if (first !== undefined) lines.push(`      path: ${printable(joinPath(first))}${others.length === 0 ? '' : paint(dim, ` (+${others.length} more)`)}`);
  if (finding.aliases.length > 0) lines.push(paint(dim, `      aliases: ${printable(finding.aliases.join(', '))}`));
  if (finding.fixedIn !== undefined) lines.push(`      fixed in: ${printable(finding.fixedIn)}`);
  if (finding.fix !== undefined) lines.push(`      fix: ${printable(finding.fix)}`);
  if (finding.url !== undefined) lines.push(paint(dim, `      ${printable(finding.url)}`));
  return lines;
}
