// JSON reporter: the DepsReport under a schemaVersion, documented by deps-report.schema.json beside
// this file (and tested against it). Stability rule: fields are only ever added within a
// schemaVersion; renaming or removing one bumps it. Absent values are null, never missing, so that
// jq filters need no `?`. Paths are strings as the text report and the ignore file write them.
import type { DepsReport, IgnoreSummary, ReportedFinding } from '../runner/report.js';
import { fixActions } from './actions.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export const JSON_SCHEMA_VERSION = 1;

export const joinPath = (path: readonly string[]): string => path.join(' > ');

export function jsonFinding(finding: ReportedFinding) {
  return {
    kind: finding.kind,
    id: finding.id,
    aliases: finding.aliases,
    title: finding.title,
    severity: finding.severity,
    package: finding.package,
    alias: finding.alias ?? null,
    version: finding.version,
    key: finding.key,
    paths: finding.paths.map(joinPath),
    dev: finding.dev,
    fixedIn: finding.fixedIn ?? null,
    fix: finding.fix ?? null,
    advice: finding.advice ?? null,
    source: finding.source,
    url: finding.url ?? null,
    line: finding.line ?? null,
    cwes: finding.cwes ?? [],
    cvssScore: finding.cvssScore ?? null,
  };
}

function jsonIgnore(ignore: IgnoreSummary) {
  return { id: ignore.id, reason: ignore.reason, expires: ignore.expires, package: ignore.package ?? null, paths: ignore.paths ?? null, where: ignore.where };
}

export function renderJson(report: DepsReport): string {
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    lockfile: { path: report.lockfile.path, format: report.lockfile.format, version: report.lockfile.version },
    configFile: report.configFile ?? null,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: report.durationMs,
    packages: report.packages,
    omitted: report.omitted,
    node: report.node === undefined ? null : { version: report.node.version, engines: report.node.engines ?? null },
    online: report.online,
    sources: report.sources.map((source) => ({ name: source.name, path: source.path, records: source.records, newest: source.newest, ageDays: source.ageDays ?? null, stale: source.stale })),
    warnings: report.warnings,
    failOn: report.failOn,
    summary: report.summary,
    findings: report.findings.map(jsonFinding),
    actions: fixActions(report.findings),
    ignored: report.ignored.map(({ finding, ignore }) => ({ ...jsonFinding(finding), ignore: jsonIgnore(ignore) })),
    expiredIgnores: report.expiredIgnores.map(({ ignore, findings }) => ({ ignore: jsonIgnore(ignore), findings })),
    unusedIgnores: report.unusedIgnores.map(jsonIgnore),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
