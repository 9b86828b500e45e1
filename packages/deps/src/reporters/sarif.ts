// SARIF 2.1.0 reporter, shaped for GitHub code scanning: one rule per advisory or policy rule
// (tags: security, CWE ids; `security-severity` from CVSS when known), one result per finding
// located at the copy's entry in the lockfile (relative URI + line), with a fingerprint that
// stays the same across runs. Ignored findings are results with an external suppression that
// carries the reason, so that the decision is visible where the alert is.
import { createHash } from 'node:crypto';
import type { Severity } from '../model.js';
import type { DepsReport, IgnoreSummary, ReportedFinding } from '../runner/report.js';
import { joinPath } from './json.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

type SarifLevel = 'note' | 'warning' | 'error';

const levelOf: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', moderate: 'warning', low: 'note' };
/** GitHub's `security-severity` scale (0-10): critical >= 9, high >= 7, medium >= 4. */
const securitySeverity: Record<Severity, number> = { critical: 9.5, high: 8.0, moderate: 5.5, low: 3.0 };

export function fingerprint(finding: ReportedFinding): string {
  return createHash('sha256').update(`${finding.kind}\n${finding.id}\n${finding.package}\n${finding.key}`).digest('hex');
}

export function renderSarif(report: DepsReport): string {
  const all: Array<{ finding: ReportedFinding; ignore?: IgnoreSummary }> = [
    ...report.findings.map((finding) => ({ finding })),
    ...report.ignored.map(({ finding, ignore }) => ({ finding, ignore })),
  ];
  const ruleIds: string[] = [];
  const rulesById = new Map<string, ReturnType<typeof ruleOf>>();
  for (const { finding } of all) {
    if (rulesById.has(finding.id)) continue;
    ruleIds.push(finding.id);
    rulesById.set(finding.id, ruleOf(finding, all.map((entry) => entry.finding).filter((other) => other.id === finding.id)));
  }
  const results = all.map(({ finding, ignore }) => resultOf(report, finding, ruleIds.indexOf(finding.id), ignore));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules: ruleIds.map((id) => rulesById.get(id)) } },
        automationDetails: { id: `rampart-deps/${report.lockfile.relativePath}/` },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(report.warnings.length === 0
              ? {}
              : { toolExecutionNotifications: report.warnings.map((warning) => ({ level: 'warning' as const, message: { text: warning } })) }),
          },
        ],
        artifacts: [{ location: { uri: report.lockfile.relativePath }, roles: ['analysisTarget'] }],
        results,
        properties: {
          lockfile: report.lockfile,
          sources: report.sources,
          summary: report.summary,
          expiredIgnores: report.expiredIgnores,
          unusedIgnores: report.unusedIgnores,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleOf(finding: ReportedFinding, same: readonly ReportedFinding[]) {
  const worst = same.reduce((acc, other) => (securitySeverity[other.severity] > securitySeverity[acc] ? other.severity : acc), finding.severity);
  const score = Math.max(...same.map((other) => other.cvssScore ?? securitySeverity[other.severity]));
  const aliases = finding.aliases.length === 0 ? '' : ` Also known as ${finding.aliases.join(', ')}.`;
  const fixes = [...new Set(same.map((other) => other.fix).filter((fix): fix is string => fix !== undefined))].slice(0, 5);
  const fixText = fixes.length === 0 ? '' : `\n\nHow to fix:\n${fixes.map((fix) => `- ${fix}`).join('\n')}`;
  const description = finding.kind === 'policy' ? `Supply-chain policy rule ${finding.id}: ${finding.title}.` : `${finding.title}.${aliases}`;
  return {
    id: finding.id,
    shortDescription: { text: finding.title },
    fullDescription: { text: description },
    ...(finding.url === undefined ? {} : { helpUri: finding.url }),
    help: { text: `${description}${fixText}`, markdown: `**${finding.title}** (${finding.id})\n\n${description}${fixText}` },
    defaultConfiguration: { level: levelOf[worst] },
    properties: {
      tags: ['security', finding.kind === 'policy' ? 'supply-chain' : 'vulnerable-dependency', ...(finding.cwes ?? [])],
      'security-severity': score.toFixed(1),
      precision: finding.kind === 'policy' ? 'high' : 'very-high',
    },
  };
}

function resultOf(report: DepsReport, finding: ReportedFinding, ruleIndex: number, ignore: IgnoreSummary | undefined) {
  const path = finding.paths[0];
  const where = path === undefined ? `${finding.package}@${finding.version}` : joinPath(path);
  const fixed = finding.fixedIn === undefined ? '' : ` Fixed in ${finding.fixedIn}.`;
  const fix = finding.fix === undefined ? '' : ` Fix: ${finding.fix}`;
  return {
    ruleId: finding.id,
    ruleIndex,
    kind: 'fail' as const,
    level: levelOf[finding.severity],
    message: { text: `${finding.package}@${finding.version} (${where}): ${finding.title}.${fixed}${fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file ?? report.lockfile.relativePath },
          ...(finding.line === undefined || finding.file !== undefined ? {} : { region: { startLine: finding.line } }),
        },
        logicalLocations: [{ fullyQualifiedName: `${finding.package}@${finding.version}`, name: finding.package, kind: 'package' }],
      },
    ],
    // A lockfile line moves whenever anything above it changes; the copy and the id do not.
    partialFingerprints: { 'rampartDeps/v1': fingerprint(finding) },
    ...(ignore === undefined ? {} : { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: `${ignore.reason} (until ${ignore.expires}, ${ignore.where})` }] }),
    properties: {
      severity: finding.severity,
      package: finding.package,
      version: finding.version,
      paths: finding.paths.map(joinPath),
      dev: finding.dev,
      aliases: finding.aliases,
      ...(finding.fixedIn === undefined ? {} : { fixedIn: finding.fixedIn }),
      source: finding.source,
    },
  };
}
