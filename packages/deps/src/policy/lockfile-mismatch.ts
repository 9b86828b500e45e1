// The lockfile agrees with package.json: where the lockfile records what each importer declares
// (npm v2/v3, pnpm, berry), the same declarations; and every dependency an importer declares is
// installed for it, at a version its range accepts. A lockfile written for other ranges installs something nobody
// reviewed in package.json (and `npm ci` refuses it). Optional and peer dependencies may be absent
// (other platforms, peers provided elsewhere); when present they must match as well.
import semver from 'semver';
import { declared } from '../lockfiles/manifest.js';
import type { DependencyGraph, PackageInstance } from '../model.js';
import { parseNpmAlias } from '../lockfiles/source.js';
import type { PolicyRule, RuleHit } from './types.js';

/** The semver range a declaration asks for, when it is one (`npm:x@^1`, `workspace:^1` unwrapped). */
export function semverRange(spec: string): string | undefined {
  const alias = parseNpmAlias(spec);
  let range = alias !== undefined ? alias.range : spec.startsWith('npm:') ? spec.slice(4) : spec;
  if (range.startsWith('workspace:')) range = range.slice('workspace:'.length);
  if (range === '' || range === '*' || range === '^' || range === '~' || range === 'latest') return undefined;
  return semver.validRange(range) === null ? undefined : range;
}

export const lockfileMismatch: PolicyRule = {
  id: 'lockfile-mismatch',
  severity: 'high',
  title: 'Lockfile does not match package.json',
  fix: 'Run the package manager\'s install (npm install / pnpm install / yarn install) and commit the updated lockfile.',
  check(graph: DependencyGraph) {
    const byKey = new Map(graph.packages.map((p) => [p.key, p]));
    const hits: RuleHit[] = [];
    for (const imp of graph.importers) {
      const used = (graph.edges.get(imp.path) ?? []).map((k) => byKey.get(k)).filter((p): p is PackageInstance => p !== undefined);
      const subject = (name: string, range: string, dev: boolean) => ({ package: parseNpmAlias(range)?.name ?? name, version: range, key: `importer:${imp.path}`, importer: imp.name, dev });
      const unrecorded = new Set<string>();
      if (imp.locked !== undefined) {
        // What `npm ci` and a frozen pnpm / yarn install check: the lockfile was written for these declarations.
        const all = declared(imp);
        for (const d of all) {
          if (d.kind === 'peer') continue;
          const locked = Object.hasOwn(imp.locked, d.name) ? imp.locked[d.name] : undefined;
          if (locked === undefined) {
            unrecorded.add(d.name);
            hits.push({ title: `${imp.name} declares ${d.name}@${d.range} in ${kindField(d.kind)} but the lockfile does not record it`, subject: subject(d.name, d.range, d.kind === 'dev') });
          } else if (locked !== d.range && locked !== `npm:${d.range}`) {
            hits.push({ title: `${imp.name} declares ${d.name}@${d.range} but the lockfile was written for ${d.name}@${locked}`, subject: subject(d.name, d.range, d.kind === 'dev') });
          }
        }
        for (const [name, range] of Object.entries(imp.locked)) {
          if (all.some((d) => d.name === name)) continue;
          hits.push({ title: `the lockfile records ${name}@${range} for ${imp.name}, whose package.json does not declare it`, subject: subject(name, range, false) });
        }
      }
      for (const d of declared(imp)) {
        if (unrecorded.has(d.name)) continue;
        const realName = parseNpmAlias(d.range)?.name ?? d.name;
        const copy = used.find((p) => p.alias === d.name) ?? used.find((p) => p.name === realName && (p.alias === undefined || p.alias === d.name || realName !== d.name));
        if (copy === undefined) {
          if (d.kind === 'optional' || d.kind === 'peer') continue;
          hits.push({ title: `${imp.name} declares ${d.name}@${d.range} in ${kindField(d.kind)} but the lockfile does not install it`, subject: subject(d.name, d.range, d.kind === 'dev') });
          continue;
        }
        const range = semverRange(d.range);
        if (range === undefined || copy.source !== 'registry' && copy.source !== 'workspace') continue;
        if (!semver.satisfies(copy.version, range, { includePrerelease: true, loose: true })) {
          hits.push({ pkg: copy, title: `${imp.name} declares ${d.name}@${d.range} but the lockfile installs ${copy.version}` });
        }
      }
    }
    return hits;
  },
};

function kindField(kind: string): string {
  return kind === 'prod' ? 'dependencies' : `${kind}Dependencies`;
}
