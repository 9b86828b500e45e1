// What a scan produces: findings (id, rule, severity, location, fix), the shape the three
// analyzers share, plus what a reporter needs to say about the run itself.
import type { Level } from '../rules/types.js';

export interface Location {
  /** Relative to the scan root, with `/` separators. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface ScanFinding {
  /** Stable fingerprint (see fingerprint.ts): the same finding keeps it across unrelated edits. */
  readonly id: string;
  readonly rule: string;
  readonly severity: Level;
  readonly confidence: Level;
  readonly message: string;
  readonly fix: string;
  readonly cwe: number;
  readonly location: Location;
  /** The source line the finding starts on, trimmed. */
  readonly code: string;
}

export interface ParseError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ScanRuleInfo {
  readonly id: string;
  readonly name: string;
  readonly severity: Level;
  readonly confidence: Level;
  readonly cwe: number;
  readonly owasp: string;
  readonly bandit?: string;
  readonly fix: string;
  readonly description: string;
}

export interface ScanReport {
  readonly root: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly filesScanned: number;
  readonly linesScanned: number;
  readonly thresholds: { readonly severity: Level; readonly confidence: Level };
  /** Findings at or above the thresholds, not suppressed and not in the baseline, sorted by file and line. */
  readonly findings: readonly ScanFinding[];
  readonly parseErrors: readonly ParseError[];
  /** How many findings were left out, and why. */
  readonly omitted: { readonly belowThreshold: number; readonly suppressed: number; readonly baseline: number };
  readonly rules: readonly ScanRuleInfo[];
}

export const levels: readonly Level[] = ['low', 'medium', 'high'];
export const levelRank: Readonly<Record<Level, number>> = { low: 1, medium: 2, high: 3 };
