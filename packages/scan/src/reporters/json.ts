// JSON reporter: the ScanReport under a schemaVersion. The schema is scan-report.schema.json
// beside this file (and tested). Stability rule: fields are only ever added within a
// schemaVersion; renaming or removing one bumps it. The scan root is not included: reports are
// shared, and an absolute path says more about the machine than about the code.
import type { ScanReport } from '../findings/types.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export const JSON_SCHEMA_VERSION = 1;

export function renderJson(report: ScanReport): string {
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: report.durationMs,
    filesScanned: report.filesScanned,
    linesScanned: report.linesScanned,
    thresholds: report.thresholds,
    summary: {
      findings: report.findings.length,
      high: report.findings.filter((f) => f.severity === 'high').length,
      medium: report.findings.filter((f) => f.severity === 'medium').length,
      low: report.findings.filter((f) => f.severity === 'low').length,
      parseErrors: report.parseErrors.length,
      ...report.omitted,
    },
    findings: report.findings,
    parseErrors: report.parseErrors,
    rules: report.rules,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
