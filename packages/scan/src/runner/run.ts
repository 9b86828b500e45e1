// A whole scan: discover files, scan them (on several cores when the run is big enough; one file
// in memory per thread at a time), filter by the thresholds and the baseline, and return the
// report. No printing: the CLI renders.
import { discoverFiles } from '../files/discover.js';
import { levelRank, type ParseError, type ScanFinding, type ScanReport } from '../findings/types.js';
import type { Level, ScanRule } from '../rules/types.js';
import { ruleModules } from './catalogue.js';
import { scanInParallel, threadCount, totalBytes } from './pool.js';
import { readAndScan } from './read-and-scan.js';
import type { FileScanResult } from './scan-file.js';
import { buildSetup } from './setup.js';

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
  /** The rule modules (default: every rule of the package); tests pass their own, which always run on one thread. */
  readonly rules?: readonly ScanRule[];
  /** Threads to use (default: by the amount of source, see pool.ts). */
  readonly threads?: number;
}

export interface ScanOutcome {
  readonly report: ScanReport;
  /** Findings at or above the thresholds before the baseline: what --write-baseline stores. */
  readonly current: readonly ScanFinding[];
  readonly missing: readonly string[];
}

export async function runScan(options: ScanOptions): Promise<ScanOutcome> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const { files, missing } = discoverFiles(options);
  const setup = buildSetup(options.rules ?? ruleModules, options.ruleIds, options.severityOverrides);
  // Workers load the package's own rules, so custom rule sets (tests) stay on this thread.
  const threads = options.rules === undefined ? threadCount(totalBytes(options.cwd, files), options.threads) : 1;
  let results: ReadonlyMap<string, FileScanResult>;
  if (threads > 1) {
    results = await scanInParallel({ cwd: options.cwd, ruleIds: [...options.ruleIds], severity: options.severityOverrides }, files, threads, setup, options.onProgress);
  } else {
    const own = new Map<string, FileScanResult>();
    files.forEach((file, index) => {
      own.set(file, readAndScan(options.cwd, file, setup));
      options.onProgress?.(index + 1, files.length);
    });
    results = own;
  }
  const current: ScanFinding[] = [];
  const parseErrors: ParseError[] = [];
  const omitted = { belowThreshold: 0, suppressed: 0, baseline: 0 };
  let linesScanned = 0;
  for (const file of files) {
    const result = results.get(file);
    if (result === undefined) continue;
    linesScanned += result.lines;
    if (result.parseError !== undefined) parseErrors.push(result.parseError);
    for (const { suppressed, ...finding } of result.findings) {
      if (suppressed) omitted.suppressed += 1;
      else if (levelRank[finding.severity] < levelRank[options.thresholds.severity] || levelRank[finding.confidence] < levelRank[options.thresholds.confidence]) omitted.belowThreshold += 1;
      else current.push(finding);
    }
  }
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
      rules: setup.active.map((meta) => ({
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
