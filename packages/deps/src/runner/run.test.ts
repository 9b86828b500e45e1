// The runner's own rules with an in-memory engine: what it does with the engine's answers (omit,
// dedupe, policy on the whole graph, database age, no database, ignores), not how they are made.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressGraph, qsIsAffected } from '../fix/test-support/express-graph.js';
import type { DependencyGraph, Finding } from '../model.js';
import type { AdvisoryHit, DepsEngine, OpenedDatabase, SourceInfo } from './engine.js';
import { NoDatabaseError } from './errors.js';
import { exitCodeFor } from './exit-code.js';
import { runDeps, type RunOptions } from './run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-deps-run-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const now = new Date('2026-12-01T12:00:00Z');

function engine(options: { graph?: DependencyGraph; sources?: SourceInfo[]; policy?: (graph: DependencyGraph) => Finding[]; hits?: (db: readonly string[]) => AdvisoryHit[] } = {}): DepsEngine {
  const graph = options.graph ?? expressGraph();
  const sources = options.sources ?? [{ name: 'mem', path: 'mem', records: 2, newest: '2026-11-30T00:00:00Z' }];
  const db: OpenedDatabase = {
    sources,
    size: sources.reduce((sum, source) => sum + source.records, 0),
    match: (packages) =>
      packages
        .filter((p) => qsIsAffected(p.name, p.version))
        .flatMap((instance) => [
          { instance, id: 'GHSA-hrpp-h998-j3pp', aliases: ['CVE-2022-24999'], title: 'qs prototype pollution', severity: 'high' as const, fixedIn: '6.5.3', source: 'mem', cwes: ['CWE-1321'] },
          // The same advisory again from a second source, rated lower: one finding, the worse rating.
          { instance, id: 'GHSA-hrpp-h998-j3pp', aliases: [], title: 'qs prototype pollution', severity: 'moderate' as const, fixedIn: '6.5.3', source: 'other', cwes: [] },
        ]),
    isAffected: qsIsAffected,
    nodeCore: () => [],
  };
  return {
    findLockfile: async () => join(dir, 'package-lock.json'),
    readLockfile: async () => graph,
    omit: (g, what) => ({ ...g, packages: g.packages.filter((p) => !(what.dev && p.dev)) }),
    dependencyPaths: (_g, key) => [['app', key]],
    fetchOnline: async () => ({ sources: [], warnings: [] }),
    openDatabase: async () => db,
    policy: options.policy ?? (() => []),
  };
}

const base: RunOptions = {
  cwd: '/', dir: '.', omit: [], db: [], shippedDb: true, cache: true, maxDbAge: 7, online: false,
  osvUrl: 'http://127.0.0.1:9', registry: 'http://127.0.0.1:9', fixAdvice: false, timeoutMs: 1000, concurrency: 2,
  policy: true, failOn: 'high', env: {}, now,
};
const options = (extra: Partial<RunOptions> = {}): RunOptions => ({ ...base, cwd: dir, ...extra });

describe('runDeps', () => {
  it('one finding per copy and advisory, the worse severity, with fix advice; exit 1', async () => {
    const report = await runDeps(options(), engine());
    expect(report.findings.map((f) => [f.key, f.id, f.severity])).toEqual([
      ['node_modules/qs', 'GHSA-hrpp-h998-j3pp', 'high'],
      ['packages/web/node_modules/qs', 'GHSA-hrpp-h998-j3pp', 'high'],
    ]);
    expect(report.findings[1]?.fix).toBe('npm update qs (every declared range already allows qs 6.5.3)');
    expect(report.summary).toMatchObject({ high: 2, total: 2, atOrAboveFailOn: 2 });
    expect(exitCodeFor(report)).toBe(1);
    expect(exitCodeFor({ ...report, failOn: 'critical' })).toBe(0);
  });

  it('policy rules see the whole graph; their findings are cut to what ships', async () => {
    const seen: number[] = [];
    const graph = expressGraph();
    const withDev: DependencyGraph = { ...graph, packages: graph.packages.map((p) => (p.key.startsWith('packages/web') ? { ...p, dev: true } : p)) };
    const policy = (g: DependencyGraph): Finding[] => {
      seen.push(g.packages.length);
      return g.packages.map((p) => ({ kind: 'policy', id: 'install-script', aliases: [], title: `${p.name} runs a script`, severity: 'moderate', package: p.name, version: p.version, key: p.key, paths: [], dev: p.dev, source: 'docs' }));
    };
    const report = await runDeps(options({ omit: ['dev'] }), engine({ graph: withDev, policy }));
    expect(seen).toEqual([4]);
    expect(report.findings.filter((f) => f.kind === 'policy').map((f) => f.key)).not.toContain('packages/web/node_modules/qs');
    expect(report.packages).toEqual({ audited: 3, total: 4 });
  });

  it('warns about a stale database and names its newest record', async () => {
    const report = await runDeps(options(), engine({ sources: [{ name: 'old', path: 'old', records: 5, newest: '2026-10-01T00:00:00Z' }] }));
    expect(report.sources[0]).toMatchObject({ newest: '2026-10-01', ageDays: 61, stale: true });
    expect(report.warnings[0]).toContain('database old is 61 days old (newest record 2026-10-01), over --max-db-age 7');
  });

  it('no records at all is NoDatabaseError (exit 3)', async () => {
    await expect(runDeps(options(), engine({ sources: [{ name: 'empty', path: 'e', records: 0, newest: '' }] }))).rejects.toBeInstanceOf(NoDatabaseError);
  });

  it('applies the ignore file beside the lockfile, with unused entries as warnings', async () => {
    await writeFile(join(dir, '.rampart-deps.json'), JSON.stringify({
      ignore: [
        { id: 'CVE-2022-24999', reason: 'reviewed', expires: '2027-01-01', paths: ['app > node_modules/qs'] },
        { id: 'GHSA-none', reason: 'old', expires: '2027-01-01' },
      ],
    }));
    const report = await runDeps(options(), engine());
    expect(report.ignored.map((i) => i.finding.key)).toEqual(['node_modules/qs']);
    expect(report.findings.map((f) => f.key)).toEqual(['packages/web/node_modules/qs']);
    expect(report.unusedIgnores.map((i) => i.id)).toEqual(['GHSA-none']);
    expect(report.warnings.some((w) => w.includes('ignore[1] (GHSA-none): matches no finding'))).toBe(true);
    await rm(join(dir, '.rampart-deps.json'));
  });
});
