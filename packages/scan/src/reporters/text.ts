// Text reporter: findings grouped by severity (high first), each with file:line:column, the rule,
// its confidence, the message, the code line and the fix; then parse errors and a summary line.
// Colour only when asked (the CLI asks on a TTY without NO_COLOR).
import type { ScanFinding, ScanReport } from '../findings/types.js';
import type { Level } from '../rules/types.js';
import type { RenderOptions } from './index.js';
import { terminalSafe } from './terminal-safe.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

const ORDER: readonly Level[] = ['high', 'medium', 'low'];
const COLOR: Record<Level, string> = { high: '\u001b[31m', medium: '\u001b[33m', low: '\u001b[36m' };
const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function renderText(report: ScanReport, options: RenderOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${RESET}` : text);
  const out: string[] = [];
  const seconds = (report.durationMs / 1000).toFixed(2);
  out.push(
    `${TOOL_NAME} ${TOOL_VERSION}: ${plural(report.filesScanned, 'file')}, ${report.linesScanned.toLocaleString('en-US')} lines in ${seconds} s; ` +
      `severity >= ${report.thresholds.severity}, confidence >= ${report.thresholds.confidence}`,
  );
  for (const level of ORDER) {
    const group = report.findings.filter((finding) => finding.severity === level);
    if (group.length === 0) continue;
    out.push('', paint(BOLD + COLOR[level], `${level.toUpperCase()} (${group.length})`));
    for (const finding of group) out.push(...findingLines(finding, paint));
  }
  if (report.parseErrors.length > 0) {
    out.push('', paint(BOLD, `NOT CHECKED (${report.parseErrors.length}): files that could not be parsed, or where a rule failed`));
    for (const error of report.parseErrors) out.push(`  ${terminalSafe(error.file)}:${error.line}:${error.column}  ${terminalSafe(error.message)}`);
  }
  const counts = ORDER.map((level) => [level, report.findings.filter((f) => f.severity === level).length] as const).filter(([, n]) => n > 0);
  const breakdown = counts.length === 0 ? '' : ` (${counts.map(([level, n]) => `${n} ${level}`).join(', ')})`;
  const { belowThreshold, suppressed, baseline } = report.omitted;
  out.push(
    '',
    `${report.findings.length === 0 ? 'No findings' : plural(report.findings.length, 'finding')}${breakdown}; ` +
      `not shown: ${suppressed} suppressed, ${belowThreshold} below the thresholds, ${baseline} in the baseline.`,
  );
  return `${out.join('\n')}\n`;
}

function findingLines(finding: ScanFinding, paint: (code: string, text: string) => string): string[] {
  const { file, line, column } = finding.location;
  return [
    `  ${paint(BOLD, `${terminalSafe(file)}:${line}:${column}`)}  ${finding.rule} (confidence ${finding.confidence}, CWE-${finding.cwe})`,
    `    ${terminalSafe(finding.message)}`,
    `    ${paint(DIM, `> ${terminalSafe(finding.code.length > 200 ? `${finding.code.slice(0, 200)}...` : finding.code)}`)}`,
    `    fix: ${terminalSafe(finding.fix)}`,
  ];
}
