// The report every reporter renders: what was read, which databases answered (and how old they
// are), the findings in force, the ignored ones with their reason, and the ignore entries that
// expired or matched nothing.
import type { OmitKind } from '../args/options.js';
import type { FixAdvice } from '../fix/advice.js';
import type { IgnoreEntry } from '../ignores/entry.js';
import type { Finding, LockfileFormat, Severity } from '../model.js';

export interface ReportedFinding extends Finding {
  readonly advice?: FixAdvice;
  readonly cwes?: readonly string[];
  readonly cvssScore?: number;
  /** The name it is installed under when that is not the package's (npm alias `x` for `npm:lodash@...`). */
  readonly alias?: string;
  /** The file the finding is about when it is not the lockfile (Node core on engines: package.json), relative. */
  readonly file?: string;
}

export interface ReportSource {
  readonly name: string;
  readonly path: string;
  readonly records: number;
  /** ISO date of its newest record, '' when unknown. */
  readonly newest: string;
  /** Whole days since `newest` (undefined when unknown). */
  readonly ageDays?: number;
  /** Older than --max-db-age (or of unknown age). */
  readonly stale: boolean;
}

export interface IgnoreSummary {
  readonly id: string;
  readonly reason: string;
  readonly expires: string;
  readonly package?: string;
  readonly paths?: readonly string[];
  readonly where: string;
}

export interface DepsReport {
  readonly lockfile: { readonly path: string; readonly relativePath: string; readonly format: LockfileFormat; readonly version: string };
  readonly configFile?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** Installed copies audited (after --omit), and in the lockfile. */
  readonly packages: { readonly audited: number; readonly total: number };
  readonly omitted: readonly OmitKind[];
  readonly node?: { readonly version: string; readonly engines?: string };
  readonly online: boolean;
  readonly sources: readonly ReportSource[];
  readonly warnings: readonly string[];
  readonly failOn: Severity;
  readonly findings: readonly ReportedFinding[];
  readonly ignored: readonly { readonly finding: ReportedFinding; readonly ignore: IgnoreSummary }[];
  readonly expiredIgnores: readonly { readonly ignore: IgnoreSummary; readonly findings: readonly string[] }[];
  readonly unusedIgnores: readonly IgnoreSummary[];
  readonly summary: Readonly<Record<Severity, number>> & { readonly total: number; readonly ignored: number; readonly atOrAboveFailOn: number };
}

export function summarizeIgnore(entry: IgnoreEntry): IgnoreSummary {
  return {
    id: entry.id,
    reason: entry.reason,
    expires: entry.expires,
    ...(entry.package === undefined ? {} : { package: entry.package.version === undefined ? entry.package.name : `${entry.package.name}@${entry.package.version}` }),
    ...(entry.paths === undefined ? {} : { paths: entry.paths }),
    where: entry.where,
  };
}
