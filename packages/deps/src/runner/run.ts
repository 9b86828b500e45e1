// The runner: find + read the lockfile -> omit -> open the databases (+ online) -> match -> Node
// core -> policy -> ignores -> fix advice -> report. Throws only typed input errors (exit 2) and
// NoDatabaseError (exit 3); everything else that can go wrong at run time becomes a warning.
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { OmitKind } from '../args/options.js';
import { daysBetween } from '../config/dates.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { PolicySettings } from '../config/parse.js';
import { adviseFix, type AdviceContext } from '../fix/advice.js';
import { buildParentIndex } from '../fix/parents.js';
import { createMetadataClient } from '../fix/registry.js';
import { applyIgnores } from '../ignores/apply.js';
import type { DependencyGraph, Finding, Severity } from '../model.js';
import { SEVERITIES } from '../model.js';
import type { AdvisoryHit, DepsEngine, NodeCoreHit, OnlineResult, OpenedDatabase, SourceInfo } from './engine.js';
import { HOW_TO_GET_A_DATABASE, NoDatabaseError } from './errors.js';
import { atOrAbove, severityRank } from './exit-code.js';
import { summarizeIgnore, type DepsReport, type ReportSource, type ReportedFinding } from './report.js';

export interface RunOptions {
  /** Folder the paths below are relative to (the CLI's cwd). */
  readonly cwd: string;
  readonly dir: string;
  readonly lockfile?: string;
  readonly omit: readonly OmitKind[];
  readonly db: readonly string[];
  readonly shippedDb: boolean;
  readonly cache: boolean;
  readonly cacheDir?: string;
  readonly maxDbAge: number;
  readonly online: boolean;
  readonly osvUrl: string;
  readonly registry: string;
  readonly fixAdvice: boolean;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** Node version to check (undefined: skip the Node core check). */
  readonly node?: string;
  readonly policy: boolean;
  readonly failOn: Severity;
  readonly config?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now?: Date;
}

/** How many dependency paths to list per copy: enough to see where it comes from. */
export const PATH_LIMIT = 5;

export async function runDeps(options: RunOptions, engine: DepsEngine): Promise<DepsReport> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const lockfilePath = await locate(options, engine);
  const fullGraph = await engine.readLockfile(lockfilePath);
  const config = await loadConfig({ ...(options.config === undefined ? {} : { configPath: resolve(options.cwd, options.config) }), dir: dirname(lockfilePath), now });
  const omitDev = options.omit.includes('dev');
  const omitOptional = options.omit.includes('optional');
  const graph = omitDev || omitOptional ? engine.omit(fullGraph, { dev: omitDev, optional: omitOptional }) : fullGraph;
  const warnings: string[] = [];

  let online: OnlineResult | undefined;
  if (options.online) {
    online = await engine.fetchOnline(graph.packages, { osvUrl: options.osvUrl, registry: options.registry, timeoutMs: options.timeoutMs, concurrency: options.concurrency });
    warnings.push(...online.warnings);
  }
  const db = await engine.openDatabase({
    paths: options.db.map((path) => resolve(options.cwd, path)),
    ...(options.cacheDir === undefined ? {} : { cacheDir: resolve(options.cwd, options.cacheDir) }),
    useCache: options.cache,
    useShipped: options.shippedDb,
    env: options.env,
    ...(online === undefined ? {} : { online }),
  });
  // An online endpoint that answered "nothing affects these versions" is a database too.
  const onlineAnswered = (online?.sources.length ?? 0) > 0;
  if (db.size === 0 && !onlineAnswered) {
    const online = options.online ? ' (the online sources gave nothing either)' : '';
    throw new NoDatabaseError(`no advisory database with any records${online}: ${HOW_TO_GET_A_DATABASE}`);
  }
  const sources = db.sources.map((source) => describeSource(source, now, options.maxDbAge));
  for (const source of sources) {
    if (source.records === 0 || !source.stale) continue;
    if (source.newest === '') warnings.push(`database ${source.name} has no dated records: its age is unknown`);
    else if (source.stale) warnings.push(`database ${source.name} is ${source.ageDays ?? '?'} days old (newest record ${source.newest}), over --max-db-age ${options.maxDbAge}: refresh it with \`rampart deps db import\` or use --online`);
  }

  const advisories = db.match(graph.packages).map((hit) => advisoryFinding(hit, graph, engine));
  const nodeCore = options.node === undefined ? [] : db.nodeCore({ running: options.node, ...(config.enginesNode === undefined ? {} : { engines: config.enginesNode }) }).map((hit) => nodeFinding(hit, relativeUri(options.cwd, join(dirname(lockfilePath), 'package.json'))));
  const policy = options.policy ? shippedOnly(engine.policy(fullGraph, policySettings(config)), fullGraph, graph, omitDev) : [];
  const findings = dedupe([...advisories, ...nodeCore, ...policy]);

  const withAdvice = await addAdvice(findings, graph, db, options, warnings);
  const outcome = applyIgnores(withAdvice, config.ignore, now);
  const active = sortFindings(outcome.active as ReportedFinding[]);
  for (const unused of outcome.unused) warnings.push(`${unused.where}: matches no finding; remove it`);
  for (const expired of outcome.expired) warnings.push(`${expired.entry.where}: expired on ${expired.entry.expires}; ${expired.findings.length === 0 ? 'it matches nothing now, remove it' : 'its findings are reported again'}`);

  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, active.filter((finding) => finding.severity === severity).length])) as Record<Severity, number>;
  const finished = Date.now();
  return {
    lockfile: { path: lockfilePath, relativePath: relativeUri(options.cwd, lockfilePath), format: fullGraph.lockfile.format, version: fullGraph.lockfile.version },
    ...(config.origin === undefined ? {} : { configFile: config.origin }),
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    packages: { audited: graph.packages.length, total: fullGraph.packages.length },
    omitted: options.omit,
    ...(options.node === undefined ? {} : { node: { version: options.node, ...(config.enginesNode === undefined ? {} : { engines: config.enginesNode }) } }),
    online: options.online,
    sources,
    warnings,
    failOn: options.failOn,
    findings: active,
    ignored: outcome.ignored.map(({ finding, entry }) => ({ finding: finding as ReportedFinding, ignore: summarizeIgnore(entry) })),
    expiredIgnores: outcome.expired.map(({ entry, findings: covered }) => ({ ignore: summarizeIgnore(entry), findings: covered.map((finding) => `${finding.id} ${finding.package}@${finding.version}`) })),
    unusedIgnores: outcome.unused.map(summarizeIgnore),
    summary: { ...counts, total: active.length, ignored: outcome.ignored.length, atOrAboveFailOn: active.filter((finding) => atOrAbove(finding.severity, options.failOn)).length },
  };
}

/** --lockfile, else DIR when it is a file (`rampart deps app/package-lock.json`), else the lockfile in DIR. */
async function locate(options: RunOptions, engine: DepsEngine): Promise<string> {
  if (options.lockfile !== undefined) return resolve(options.cwd, options.lockfile);
  const dir = resolve(options.cwd, options.dir);
  const info = await stat(dir).catch(() => undefined);
  return info?.isFile() === true ? dir : engine.findLockfile(dir);
}

/** Forward slashes, relative to the working directory when inside it (SARIF wants a relative URI). */
function relativeUri(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return (inside ? rel : path).split(sep).join('/');
}

/** Online sources answered just now: never stale, whatever the date of their newest record. */
const isOnline = (source: SourceInfo) => source.name.startsWith('online:');

function describeSource(source: SourceInfo, now: Date, maxDbAge: number): ReportSource {
  const time = Date.parse(source.newest);
  if (source.newest === '' || !Number.isFinite(time)) return { ...source, newest: '', stale: !isOnline(source) };
  const ageDays = Math.max(0, daysBetween(new Date(time), now));
  return { ...source, newest: new Date(time).toISOString().slice(0, 10), ageDays, stale: !isOnline(source) && ageDays > maxDbAge };
}

function policySettings(config: LoadedConfig): PolicySettings {
  // package.json's own allowScripts reaches the rules through the graph's root importer; these override it.
  return config.policy;
}

function advisoryFinding(hit: AdvisoryHit, graph: DependencyGraph, engine: DepsEngine): ReportedFinding {
  const { instance } = hit;
  return {
    kind: 'advisory',
    id: hit.id,
    aliases: hit.aliases.filter((alias) => alias !== hit.id),
    title: hit.title,
    severity: hit.severity,
    package: instance.name,
    ...(instance.alias === undefined || instance.alias === instance.name ? {} : { alias: instance.alias }),
    version: instance.version,
    key: instance.key,
    paths: engine.dependencyPaths(graph, instance.key, PATH_LIMIT),
    dev: instance.dev,
    ...(hit.fixedIn === undefined ? {} : { fixedIn: hit.fixedIn }),
    source: hit.source,
    ...(hit.url === undefined ? {} : { url: hit.url }),
    ...(instance.line === undefined ? {} : { line: instance.line }),
    cwes: hit.cwes,
    ...(hit.cvssScore === undefined ? {} : { cvssScore: hit.cvssScore }),
  };
}

function nodeFinding(hit: NodeCoreHit, packageJson: string): ReportedFinding {
  const how = hit.via === 'running' ? 'the running Node.js' : 'the lowest Node.js package.json "engines" allows';
  return {
    kind: 'advisory',
    id: hit.id,
    aliases: hit.aliases.filter((alias) => alias !== hit.id),
    title: hit.title,
    severity: hit.severity,
    package: 'node',
    version: hit.version,
    key: `node:${hit.via}`,
    paths: [[`node@${hit.version}`]],
    dev: false,
    ...(hit.fixedIn === undefined ? {} : { fixedIn: hit.fixedIn }),
    fix: hit.fixedIn === undefined
      ? `no fixed Node.js release is known for ${how}`
      : hit.via === 'running' ? `upgrade Node.js to ${hit.fixedIn} or later` : `raise "engines": { "node": ">=${hit.fixedIn}" } in ${packageJson} and upgrade Node.js where it runs`,
    source: hit.source,
    ...(hit.url === undefined ? {} : { url: hit.url }),
    cwes: hit.cwes,
    ...(hit.cvssScore === undefined ? {} : { cvssScore: hit.cvssScore }),
    ...(hit.via === 'engines' ? { file: packageJson } : {}),
  };
}

/**
 * The rules see the whole graph (a rule comparing package.json with the lockfile would otherwise
 * call every omitted devDependency missing); their findings are then cut to what ships.
 */
function shippedOnly(findings: readonly Finding[], full: DependencyGraph, shipped: DependencyGraph, omitDev: boolean): Finding[] {
  if (full === shipped) return [...findings];
  const installed = new Set(full.packages.map((instance) => instance.key));
  const kept = new Set(shipped.packages.map((instance) => instance.key));
  return findings.filter((finding) => (installed.has(finding.key) ? kept.has(finding.key) : !(omitDev && finding.dev)));
}

/** One finding per copy and id; a second source for the same pair keeps the worse severity. */
function dedupe(findings: readonly ReportedFinding[]): ReportedFinding[] {
  const byKey = new Map<string, ReportedFinding>();
  for (const finding of findings) {
    const key = `${finding.kind}\n${finding.key}\n${finding.id}`;
    const known = byKey.get(key);
    if (known === undefined || severityRank(finding.severity) > severityRank(known.severity)) byKey.set(key, finding);
  }
  return [...byKey.values()];
}

export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.package.localeCompare(b.package) || a.version.localeCompare(b.version) || a.id.localeCompare(b.id),
  );
}

async function addAdvice(findings: readonly ReportedFinding[], graph: DependencyGraph, db: OpenedDatabase, options: RunOptions, warnings: string[]): Promise<ReportedFinding[]> {
  const metadata = options.fixAdvice ? createMetadataClient({ registry: options.registry, timeoutMs: options.timeoutMs, concurrency: options.concurrency }) : undefined;
  const context: AdviceContext = {
    graph,
    parents: buildParentIndex(graph),
    format: graph.lockfile.format,
    isAffected: (name, version) => db.isAffected(name, version),
    ...(metadata === undefined ? {} : { metadata }),
  };
  const instances = new Map(graph.packages.map((instance) => [instance.key, instance]));
  const result = await Promise.all(
    findings.map(async (finding) => {
      const instance = finding.kind === 'advisory' ? instances.get(finding.key) : undefined;
      if (instance === undefined) return finding;
      const advice = await adviseFix(instance, finding.fixedIn, context);
      return { ...finding, advice, fix: advice.text };
    }),
  );
  if (metadata !== undefined && metadata.failures.length > 0) {
    warnings.push(`registry metadata unavailable for ${metadata.failures.length} package(s), so some fix advice is incomplete: ${metadata.failures.slice(0, 3).join('; ')}${metadata.failures.length > 3 ? '; ...' : ''}`);
  }
  return result;
}
