// SARIF 2.1.0 reporter, shaped for GitHub code scanning: one rule per scan rule that ran (tags
// `security` and `CWE-<n>`, `security-severity` on GitHub's 0-10 scale), one result per
// finding at a relative file URI (resolved against %SRCROOT%, the directory the scan ran in),
// with the fingerprint as partialFingerprints so alerts are tracked across commits.
import type { ScanFinding, ScanReport, ScanRuleInfo } from '../findings/types.js';
import type { Level } from '../rules/types.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** GitHub's `security-severity`: high >= 7, medium >= 4, low below. */
const securitySeverity: Record<Level, string> = { high: '8.0', medium: '5.5', low: '3.0' };
const levelOf: Record<Level, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
const precisionOf: Record<Level, string> = { high: 'high', medium: 'medium', low: 'low' };

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export function renderSarif(report: ScanReport): string {
  const rules = report.rules.map(ruleOf);
  const index = new Map(report.rules.map((rule, position) => [rule.id, position]));
  const notifications = report.parseErrors.map((error) => ({
    level: 'error' as const,
    message: { text: `${error.file}:${error.line}:${error.column}: ${error.message}; the file was not checked` },
    locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(error.file), uriBaseId: '%SRCROOT%' }, region: { startLine: error.line, startColumn: error.column } } }],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: 'https://github.com/rampart/rampart/blob/main/docs/scan.md', rules } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory rampart scan ran in.' } } },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(notifications.length === 0 ? {} : { toolExecutionNotifications: notifications }),
          },
        ],
        results: report.findings.map((finding) => resultOf(finding, index.get(finding.rule))),
        properties: { filesScanned: report.filesScanned, linesScanned: report.linesScanned, thresholds: report.thresholds, omitted: report.omitted },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleOf(rule: ScanRuleInfo) {
  const bandit = rule.bandit === undefined ? '' : ` (bandit ${rule.bandit})`;
  return {
    id: rule.id,
    name: rule.name.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase()),
    shortDescription: { text: rule.name },
    fullDescription: { text: rule.description },
    helpUri: `https://github.com/rampart/rampart/blob/main/docs/scan.md#${rule.id}`,
    help: {
      text: `${rule.description}\n\nHow to fix: ${rule.fix}`,
      markdown: `**${rule.name}**${bandit}, CWE-${rule.cwe}, ${rule.owasp}\n\n${rule.description}\n\n**How to fix:** ${rule.fix}`,
    },
    defaultConfiguration: { level: levelOf[rule.severity] },
    properties: {
      tags: ['security', `CWE-${rule.cwe}`, rule.owasp.slice(0, 3)],
      precision: precisionOf[rule.confidence],
      'security-severity': securitySeverity[rule.severity],
    },
  };
}

function resultOf(finding: ScanFinding, ruleIndex: number | undefined) {
  const { file, line, column, endLine, endColumn } = finding.location;
  return {
    ruleId: finding.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    kind: 'fail' as const,
    level: levelOf[finding.severity],
    message: { text: `${finding.message} Fix: ${finding.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(file), uriBaseId: '%SRCROOT%' },
          region: { startLine: line, startColumn: column, endLine, endColumn: Math.max(endColumn, endLine === line ? column : 1), snippet: { text: finding.code } },
        },
      },
    ],
    partialFingerprints: { 'rampartFinding/v1': finding.id },
    properties: { severity: finding.severity, confidence: finding.confidence },
  };
}
