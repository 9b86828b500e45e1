// The lockfile agrees with package.json: every dependency an importer declares is installed for it,
// at a version its range accepts. A lockfile written for other ranges installs something nobody
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
      for (const d of declared(imp)) {
        const realName = parseNpmAlias(d.range)?.name ?? d.name;
        const copy = used.find((p) => p.alias === d.name) ?? used.find((p) => p.name === realName && (p.alias === undefined || p.alias === d.name || realName !== d.name));
        if (copy === undefined) {
          if (d.kind === 'optional' || d.kind === 'peer') continue;
          hits.push({
            title: `${imp.name} declares ${d.name}@${d.range} in ${kindField(d.kind)} but the lockfile does not install it`,
            subject: { package: realName, version: d.range, key: `importer:${imp.path}`, importer: imp.name, dev: d.kind === 'dev' },
          });
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
