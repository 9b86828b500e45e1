// SARIF 2.1.0 reporter, shaped for GitHub code scanning: one rule per check (help text = what
// the check does + every fix it printed), one result per INFO/WARN/FAIL finding. PASS and N/A
// are not results (code scanning would list them as alerts); the run's properties carry the
// full summary and score instead.
//
// Stable across runs: a result's location and fingerprint never contain the random path of
// the not-found baseline (stableProbeUrl), so code scanning matches an alert to the same
// alert on the next run instead of closing and reopening it.
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, FindingLocation, Severity, Verdict } from '../checks/types.js';
import type { AuditReport, CheckResult } from '../runner/report.js';
import { stableProbeUrl } from '../runner/unknown-path.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

type SarifLevel = 'none' | 'note' | 'warning' | 'error';

const levelOf: Partial<Record<Verdict, SarifLevel>> = { INFO: 'note', WARN: 'warning', FAIL: 'error' };

/** GitHub's `security-severity` scale (0-10): critical >= 9, high >= 7, medium >= 4. */
const securitySeverity: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const severityOrder: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const defaultSeverity: Record<'INFO' | 'WARN' | 'FAIL', Severity> = { FAIL: 'high', WARN: 'medium', INFO: 'low' };

const reported = (finding: Finding): finding is Finding & { verdict: 'INFO' | 'WARN' | 'FAIL' } => levelOf[finding.verdict] !== undefined;

/** A finding's own severity, or the default of its verdict (FAIL high, WARN medium, INFO low). */
export function severityOf(finding: Finding & { verdict: 'INFO' | 'WARN' | 'FAIL' }): Severity {
  return finding.severity ?? defaultSeverity[finding.verdict];
}

export function renderSarif(report: AuditReport): string {
  const rules = report.results.map(ruleOf);
  const results = report.results.flatMap((result, ruleIndex) =>
    result.findings.filter(reported).map((finding) => resultOf(result, ruleIndex, finding)),
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
        // No automationDetails: github/codeql-action/upload-sarif writes its `category` input
        // into runAutomationDetails.id only when the run has none, so an id set here would
        // silently override the category the user chose (docs/audit.md, "SARIF in CI").
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
  const severities = result.findings.filter(reported).map(severityOf);
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
      tags: ['security', ...owaspTags(check.category)],
      // Each result carries its own security-severity; GitHub documents reading it from the
      // rule, so the rule carries the worst of this run's results as the fallback.
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

/** A spec file as the artifact URI: a relative path as a repository-relative reference (posix
 * separators, no leading `./`), an absolute path as a file: URI. */
export function fileLocation(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
}

function physicalLocationOf(location: FindingLocation | undefined, stableUrl: string) {
  if (location === undefined) return { artifactLocation: { uri: relativeLocation(stableUrl) } };
  return { artifactLocation: { uri: fileLocation(location.file) }, region: { startLine: Math.max(1, Math.trunc(location.line)) } };
}

function resultOf(result: CheckResult, ruleIndex: number, finding: Finding & { verdict: 'INFO' | 'WARN' | 'FAIL' }) {
  const fix = finding.fix === undefined ? '' : ` Fix: ${finding.fix}`;
  const severity = severityOf(finding);
  const stableUrl = stableProbeUrl(finding.url);
  return {
    ruleId: result.check.id,
    ruleIndex,
    kind: 'fail' as const,
    level: levelOf[finding.verdict] ?? 'none',
    message: { text: `${finding.verdict} ${finding.title}: ${finding.detail} (${finding.url})${fix}` },
    locations: [
      {
        physicalLocation: physicalLocationOf(finding.location, stableUrl),
        logicalLocations: [{ fullyQualifiedName: stableUrl, kind: 'resource' }],
      },
    ],
    // A URL has no line hash; a stable fingerprint lets code scanning track the alert across
    // runs. It names the check, the finding and the URL without its random part; never the
    // spec line (editing the spec above an operation must not reopen its alerts).
    partialFingerprints: {
      'rampartFinding/v1': createHash('sha256').update(`${result.check.id}\n${finding.title}\n${stableUrl}`).digest('hex'),
    },
    properties: { verdict: finding.verdict, severity, 'security-severity': securitySeverity[severity] },
  };
}

/** SARIF tags of an OWASP category: the list and the entry (`owasp-top-10-2021`, `A05`, or
 * `owasp-api-top-10-2023`, `API1`). */
function owaspTags(category: string): string[] {
  const api = /^(API\d+):2023/.exec(category);
  if (api) return ['owasp-api-top-10-2023', api[1] as string];
  return ['owasp-top-10-2021', category.slice(0, 3)];
}
