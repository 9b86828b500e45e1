// A whole scan: discover files, scan each in turn (one file in memory at a time), filter by the
// thresholds and the baseline, and return the report. No printing: the CLI renders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverFiles } from '../files/discover.js';
import { levelRank, type ParseError, type ScanFinding, type ScanReport } from '../findings/types.js';
import type { Level, ScanRule, ScanRuleMeta } from '../rules/types.js';
import { ruleModules, runnerChecks } from './catalogue.js';
import { scanFile } from './scan-file.js';

export interface ScanOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly includeTests: boolean;
  /** Ids of the rules to run (rules and runner checks); validated by the caller. */
  readonly ruleIds: ReadonlySet<string>;
  readonly severityOverrides: Readonly<Record<string, Level>>;
  readonly thresholds: { readonly severity: Level; readonly confidence: Level };
  /** Fingerprints of accepted findings: matching findings are not reported. */
  readonly baseline?: ReadonlySet<string>;
  readonly onProgress?: (done: number, total: number) => void;
  /** The rule modules (default: every rule of the package); tests pass their own. */
  readonly rules?: readonly ScanRule[];
}

export interface ScanOutcome {
  readonly report: ScanReport;
  /** Findings at or above the thresholds before the baseline: what --write-baseline stores. */
  readonly current: readonly ScanFinding[];
  readonly missing: readonly string[];
}

export function runScan(options: ScanOptions): ScanOutcome {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const { files, missing } = discoverFiles(options);
  const modules = options.rules ?? ruleModules;
  const everything = [...modules.map((rule) => rule.meta), ...runnerChecks];
  const active = everything.filter((meta) => options.ruleIds.has(meta.id));
  const setup = {
    engineRules: modules.filter((rule) => options.ruleIds.has(rule.meta.id)).map((rule) => ({ id: rule.meta.id, module: rule.eslint })),
    meta: new Map<string, ScanRuleMeta>(active.map((meta) => [meta.id, meta])),
    knownIds: new Set(everything.map((meta) => meta.id)),
    severity: options.severityOverrides,
  };
  const current: ScanFinding[] = [];
  const parseErrors: ParseError[] = [];
  const omitted = { belowThreshold: 0, suppressed: 0, baseline: 0 };
  let linesScanned = 0;
  files.forEach((file, index) => {
    let code: string;
    try {
      code = readFileSync(join(options.cwd, file), 'utf8');
    } catch (error) {
      parseErrors.push({ file, line: 1, column: 1, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    const result = scanFile(file, code, setup);
    linesScanned += result.lines;
    if (result.parseError !== undefined) parseErrors.push(result.parseError);
    for (const { suppressed, ...finding } of result.findings) {
      if (suppressed) omitted.suppressed += 1;
      else if (levelRank[finding.severity] < levelRank[options.thresholds.severity] || levelRank[finding.confidence] < levelRank[options.thresholds.confidence]) omitted.belowThreshold += 1;
      else current.push(finding);
    }
    options.onProgress?.(index + 1, files.length);
  });
  const findings = options.baseline === undefined ? current : current.filter((finding) => !options.baseline?.has(finding.id));
  omitted.baseline = current.length - findings.length;
  const finished = Date.now();
  return {
    current,
    missing,
    report: {
      root: options.cwd,
      startedAt,
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      filesScanned: files.length,
      linesScanned,
      thresholds: options.thresholds,
      findings,
      parseErrors,
      omitted,
      rules: active.map((meta) => ({
        id: meta.id,
        name: meta.name,
        severity: options.severityOverrides[meta.id] ?? meta.severity,
        confidence: meta.confidence,
        cwe: meta.cwe,
        owasp: meta.owasp,
        ...(meta.bandit === undefined ? {} : { bandit: meta.bandit }),
        fix: meta.fix,
        description: meta.docs.description,
      })),
    },
  };
}
