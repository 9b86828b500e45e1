// Types of platform-measure.js for the TypeScript tests (the bench itself runs as plain Node ESM).
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}
export interface ExactnessVerdict {
  readonly keys: number;
  readonly limit: number;
  readonly admitted: number;
  readonly allowed: number;
  readonly overAdmitted: readonly { readonly key: string; readonly admitted: number }[];
  readonly exact: boolean;
  readonly underAdmittedKeys: number;
}
export function percentile(sorted: ArrayLike<number>, p: number): number;
export function summariseLatencies(latenciesMs: ArrayLike<number> | Iterable<number>): LatencySummary;
export function clientAddress(n: number): string;
export function judgeExactness(admittedByKey: Readonly<Record<string, number>>, limit: number): ExactnessVerdict;
