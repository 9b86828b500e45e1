// Severity of a record: from its CVSS vector (v4.0 preferred over v3.1/v3.0 when both are given:
// it is the newer assessment), scored by ae-cvss-calculator, then banded as CVSS does
// (0.1-3.9 low, 4.0-6.9 moderate ("medium"), 7.0-8.9 high, 9.0-10.0 critical; 0.0 "none" is
// reported as low). Without a usable vector: the database's own rating (database_specific.severity,
// GitHub's LOW/MODERATE/HIGH/CRITICAL), else moderate: unknown is not the same as harmless.
import cvssCalculator from 'ae-cvss-calculator';
import type { Severity } from '../model.js';
import type { OsvRecord, OsvSeverity } from './osv.js';

// ae-cvss-calculator ships one CommonJS bundle, so its classes come from the default export.
const { Cvss3P0, Cvss3P1, Cvss4P0 } = cvssCalculator;

export type CvssVersion = '3.0' | '3.1' | '4.0';

export interface CvssScore {
  readonly version: CvssVersion;
  readonly vector: string;
  readonly score: number;
}

export interface RecordSeverity {
  readonly severity: Severity;
  readonly cvss?: CvssScore;
  /** Where the severity came from. */
  readonly basis: 'cvss' | 'rating' | 'default';
}

/** The base score of a CVSS v3.0, v3.1 or v4.0 vector, or undefined if it is not a complete, valid vector. */
export function scoreCvss(vector: string): CvssScore | undefined {
  const v = vector.trim();
  const version: CvssVersion | undefined = v.startsWith('CVSS:3.0/')
    ? '3.0'
    : v.startsWith('CVSS:3.1/')
      ? '3.1'
      : v.startsWith('CVSS:4.0/')
        ? '4.0'
        : undefined;
  if (version === undefined || v.length > 512) return undefined;
  try {
    const calc = version === '3.0' ? new Cvss3P0(v) : version === '3.1' ? new Cvss3P1(v) : new Cvss4P0(v);
    if (!calc.isBaseFullyDefined()) return undefined;
    const score = calc.calculateScores().overall;
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 10) return undefined;
    return { version, vector: v, score };
  } catch {
    // The library throws plain TypeErrors on malformed vectors; a bad vector just has no score.
    return undefined;
  }
}

export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'moderate';
  return 'low';
}

export function severityFromRating(rating: unknown): Severity | undefined {
  if (typeof rating !== 'string') return undefined;
  switch (rating.trim().toUpperCase()) {
    case 'LOW':
    case 'INFO':
      return 'low';
    case 'MODERATE':
    case 'MEDIUM':
      return 'moderate';
    case 'HIGH':
      return 'high';
    case 'CRITICAL':
      return 'critical';
    default:
      return undefined;
  }
}

const PREFERENCE: Readonly<Record<CvssVersion, number>> = { '4.0': 0, '3.1': 1, '3.0': 2 };

export function recordSeverity(record: OsvRecord): RecordSeverity {
  const vectors: OsvSeverity[] = [...(record.severity ?? []), ...(record.affected ?? []).flatMap((a) => a.severity ?? [])];
  const scored = vectors
    .filter((s) => s.type === 'CVSS_V3' || s.type === 'CVSS_V4')
    .map((s) => scoreCvss(s.score))
    .filter((s): s is CvssScore => s !== undefined)
    .sort((a, b) => PREFERENCE[a.version] - PREFERENCE[b.version]);
  const best = scored[0];
  if (best !== undefined) return { severity: severityFromScore(best.score), cvss: best, basis: 'cvss' };
  const rating = severityFromRating(record.database_specific?.['severity']);
  if (rating !== undefined) return { severity: rating, basis: 'rating' };
  return { severity: 'moderate', basis: 'default' };
}
