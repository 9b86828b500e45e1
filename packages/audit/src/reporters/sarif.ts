// SARIF 2.1.0 reporter, shaped for GitHub code scanning: one rule per check (help text = what
// the check does + every fix it printed), one result per INFO/WARN/FAIL finding located at the
// probed URL. PASS and N/A are not results (code scanning would list them as alerts); the run's
// properties carry the full summary and score instead.
import { createHash } from 'node:crypto';
import type { Finding, Severity, Verdict } from '../checks/types.js';
import type { AuditReport, CheckResult } from '../runner/report.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

type SarifLevel = 'none' | 'note' | 'warning' | 'error';

const levelOf: Partial<Record<Verdict, SarifLevel>> = { INFO: 'note', WARN: 'warning', FAIL: 'error' };

/** GitHub's `security-severity` scale (0-10): critical >= 9, high >= 7, medium >= 4. */
const securitySeverity: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const severityOrder: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const defaultSeverity: Partial<Record<Verdict, Severity>> = { FAIL: 'high', WARN: 'medium', INFO: 'low' };

export function renderSarif(report: AuditReport): string {
  const rules = report.results.map(ruleOf);
  const results = report.results.flatMap((result, ruleIndex) =>
    result.findings.filter((finding) => levelOf[finding.verdict] !== undefined).map((finding) => resultOf(result, ruleIndex, finding)),
  );
  const notifications = report.results
    .filter((result) => result.error !== undefined)
    .map((result) => ({
      level: 'error' as const,
      message: { text: `check ${result.check.id} could not finish: ${result.error ?? ''}` },
      descriptor: { id: result.check.id },
    }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules } },
        automationDetails: { id: `rampart-audit/${new URL(report.target).host}/` },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(notifications.length === 0 ? {} : { toolExecutionNotifications: notifications }),
          },
        ],
        results,
        properties: { target: report.target, requestsSent: report.requestsSent, score: report.score, summary: report.summary, notes: report.notes ?? [] },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleOf(result: CheckResult) {
  const { check } = result;
  const fixes = [...new Set(result.findings.map((finding) => finding.fix).filter((fix): fix is string => fix !== undefined))];
  const severities = result.findings.map((finding) => finding.severity ?? defaultSeverity[finding.verdict]);
  const worst = severityOrder.find((severity) => severities.includes(severity)) ?? 'medium';
  const fixText = fixes.length === 0 ? '' : `\n\nHow to fix:\n${fixes.map((fix) => `- ${fix}`).join('\n')}`;
  return {
    id: check.id,
    name: check.title,
    shortDescription: { text: check.title },
    fullDescription: { text: check.description },
    help: {
      text: `${check.description}${fixText}`,
      markdown: `**${check.title}** (${check.category})\n\n${check.description}${fixText}`,
    },
    defaultConfiguration: { level: 'warning' as const },
    properties: {
      tags: ['security', 'owasp-top-10-2021', check.category.slice(0, 3)],
      'security-severity': securitySeverity[worst],
    },
  };
}

/** The probed URL as a relative reference (`host/path?query`, the host percent-encoded).
 * Why not the absolute URL: GitHub's upload rejects absolute URIs whose scheme differs from
 * the checkout's `file:` ("SARIF URI scheme https did not match"). The exact URL is kept in
 * logicalLocations and in the message. */
export function relativeLocation(url: string): string {
  const parsed = new URL(url);
  return `${encodeURIComponent(parsed.host)}${parsed.pathname}${parsed.search}`;
}

function resultOf(result: CheckResult, ruleIndex: number, finding: Finding) {
  const fix = finding.fix === undefined ? '' : ` Fix: ${finding.fix}`;
  return {
    ruleId: result.check.id,
    ruleIndex,
    kind: 'fail' as const,
    level: levelOf[finding.verdict] ?? 'none',
    message: { text: `${finding.verdict} ${finding.title}: ${finding.detail} (${finding.url})${fix}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: relativeLocation(finding.url) } },
        logicalLocations: [{ fullyQualifiedName: finding.url, kind: 'resource' }],
      },
    ],
    // A URL has no line hash; a stable fingerprint lets code scanning track the alert across runs.
    partialFingerprints: {
      'rampartFinding/v1': createHash('sha256').update(`${result.check.id}\n${finding.title}\n${finding.url}`).digest('hex'),
    },
    properties: { verdict: finding.verdict, ...(finding.severity === undefined ? {} : { severity: finding.severity }) },
  };
}
