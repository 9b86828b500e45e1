// The real modules behind the runner's engine seam: lockfile readers, graph paths, the advisory
// database and matcher, Node core, the online clients and the policy rules.
import { access } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import semver from 'semver';
import { openDatabase, type AdvisoryDatabase } from '../advisories/database.js';
import { isAffected } from '../advisories/evaluate.js';
import { parseVersion } from '../advisories/intervals.js';
import { entriesFor, matchAdvisories, type AdvisoryMatch } from '../advisories/match.js';
import { checkNodeCore, type NodeCoreMatch } from '../advisories/node-core.js';
import type { OsvRecord } from '../advisories/osv.js';
import { dependencyPaths, omit } from '../graph/paths.js';
import { findLockfile, LOCKFILE_NAMES, LockfileError, readLockfile } from '../lockfiles/index.js';
import type { PackageInstance } from '../model.js';
import { queryNpmBulk } from '../online/npm-bulk.js';
import { queryOsv } from '../online/osv.js';
import { runPolicy } from '../policy/index.js';
import type { AdvisoryHit, DepsEngine, NodeCoreHit, OnlineOptions, OnlineResult, OpenedDatabase } from './engine.js';

/** The record's own page: GitHub's for GHSA ids, else its first ADVISORY/WEB reference, else osv.dev. */
export function advisoryUrl(record: OsvRecord): string {
  if (record.id.startsWith('GHSA-')) return `https://github.com/advisories/${record.id}`;
  const reference = record.references?.find((ref) => ref.type === 'ADVISORY') ?? record.references?.find((ref) => ref.type === 'WEB');
  return reference?.url ?? `https://osv.dev/vulnerability/${encodeURIComponent(record.id)}`;
}

export function titleOf(record: OsvRecord): string {
  const summary = record.summary?.trim();
  if (summary !== undefined && summary !== '') return summary;
  const firstLine = record.details?.trim().split('\n')[0]?.slice(0, 200);
  return firstLine !== undefined && firstLine !== '' ? firstLine : record.id;
}

export function cwesOf(record: OsvRecord): string[] {
  const ids = record.database_specific?.['cwe_ids'];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && /^CWE-\d+$/.test(id)) : [];
}

function advisoryHit(match: AdvisoryMatch): AdvisoryHit {
  return {
    instance: match.instance,
    id: match.record.id,
    aliases: match.aliases,
    title: titleOf(match.record),
    severity: match.severity,
    ...(match.fixedIn === undefined ? {} : { fixedIn: match.fixedIn }),
    url: advisoryUrl(match.record),
    source: match.source,
    cwes: cwesOf(match.record),
    ...(match.cvss === undefined ? {} : { cvssScore: match.cvss.score }),
  };
}

function nodeHit(match: NodeCoreMatch): NodeCoreHit {
  return {
    id: match.record.id,
    aliases: match.aliases,
    title: titleOf(match.record),
    severity: match.severity,
    version: match.version,
    via: match.target,
    ...(match.fixedIn === undefined ? {} : { fixedIn: match.fixedIn }),
    url: advisoryUrl(match.record),
    source: match.source,
    cwes: cwesOf(match.record),
    ...(match.cvss === undefined ? {} : { cvssScore: match.cvss.score }),
  };
}

function opened(db: AdvisoryDatabase): OpenedDatabase {
  const affected = new Map<string, boolean>();
  return {
    sources: db.sources,
    size: db.size,
    match: (packages) => matchAdvisories(db, packages).map(advisoryHit),
    isAffected(name, version) {
      const key = `${name}@${version}`;
      let answer = affected.get(key);
      if (answer === undefined) {
        const parsed = parseVersion(version);
        answer = parsed !== null && db.recordsFor('npm', name).some((record) => entriesFor(record, 'npm', name).some((entry) => isAffected(parsed, entry)));
        affected.set(key, answer);
      }
      return answer;
    },
    nodeCore: (options) => onFloorLine(checkNodeCore(db, { ...options, platform: process.platform }), options.engines).map(nodeHit),
  };
}

/**
 * For engines, only the release line of the lowest version the range admits: `>=20.19` admits
 * every future major too, and each of them has advisories of its own that no engines range can
 * exclude; the floor is what the project claims to support and can raise.
 */
export function onFloorLine(matches: readonly NodeCoreMatch[], engines: string | undefined): NodeCoreMatch[] {
  let floor: semver.SemVer | null = null;
  try {
    floor = engines === undefined ? null : semver.minVersion(engines, { loose: true });
  } catch {
    floor = null; // not a range: checkNodeCore reported nothing for it either
  }
  return matches.filter((match) => match.target === 'running' || (floor !== null && semver.major(match.version) === floor.major));
}

/** Registry copies only, each name@version once: local code is nobody's advisory. */
function distinctVersions(packages: readonly PackageInstance[]): { name: string; version: string }[] {
  const seen = new Map<string, { name: string; version: string }>();
  for (const instance of packages) {
    if (instance.source !== 'registry' || semver.valid(instance.version) === null) continue;
    seen.set(`${instance.name}@${instance.version}`, { name: instance.name, version: instance.version });
  }
  return [...seen.values()];
}

async function fetchOnline(packages: readonly PackageInstance[], options: OnlineOptions): Promise<OnlineResult> {
  const queries = distinctVersions(packages);
  const warnings: string[] = [];
  const sources: { name: string; records: OsvRecord[] }[] = [];
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const [osv, bulk] = await Promise.allSettled([
    queryOsv(queries, { baseUrl: options.osvUrl, timeoutMs: options.timeoutMs, concurrency: options.concurrency }),
    queryNpmBulk(queries, { registry: options.registry, timeoutMs: options.timeoutMs }),
  ]);
  if (osv.status === 'fulfilled') sources.push({ name: `online:osv (${options.osvUrl})`, records: osv.value });
  else warnings.push(`online: the OSV API did not answer usefully, results are from the offline databases only for it: ${reason(osv.reason)}`);
  if (bulk.status === 'fulfilled') sources.push({ name: `online:npm-bulk (${options.registry})`, records: bulk.value });
  else warnings.push(`online: the npm bulk advisory endpoint did not answer usefully: ${reason(bulk.reason)}`);
  return { sources, warnings };
}

/** The nearest folder above `dir` with a lockfile: where a workspace's lockfile lives. */
async function lockfileAbove(dir: string): Promise<string | undefined> {
  for (let current = dirname(dir); ; current = dirname(current)) {
    for (const name of LOCKFILE_NAMES) {
      const candidate = join(current, name);
      if (await access(candidate).then(() => true, () => false)) return candidate;
    }
    if (dirname(current) === current) return undefined;
  }
}

/** findLockfile, and when a workspace folder has none, where the lockfile is. */
async function findLockfileWithHint(dir: string): Promise<string> {
  try {
    return await findLockfile(dir);
  } catch (error) {
    if (!(error instanceof LockfileError) || error.code !== 'not-found') throw error;
    const above = await lockfileAbove(dir);
    if (above === undefined) throw error;
    const root = relative(dir, dirname(above)) || '.';
    throw new LockfileError('not-found', dir, `holds no lockfile; the nearest is ${above} (a workspace: run \`rampart deps ${root}\`, or pass --lockfile ${above})`);
  }
}

export const defaultEngine: DepsEngine = {
  findLockfile: findLockfileWithHint,
  readLockfile: (path) => readLockfile(path),
  omit: (graph, what) => omit(graph, what),
  dependencyPaths: (graph, key, limit) => dependencyPaths(graph, key, limit),
  fetchOnline,
  async openDatabase(options) {
    const db = await openDatabase({
      paths: options.paths,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      useCache: options.useCache,
      useShipped: options.useShipped,
      env: options.env,
      ...(options.online === undefined ? {} : { records: options.online.sources }),
    });
    return opened(db);
  },
  policy: (graph, settings) => runPolicy(graph, settings),
};
