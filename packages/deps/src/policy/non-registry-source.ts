// Dependencies from git, http(s) tarballs, file: folders or links outside the workspaces bypass
// the registry: no version history, no advisories keyed to them, no integrity for git. Only what
// ships counts (dev-only copies are left out); workspaces are the project's own code.
import type { PolicyRule } from './types.js';

const WHAT: Record<string, string> = { git: 'a git repository', http: 'a tarball URL', file: 'a local file or folder', link: 'a linked folder outside the workspaces' };

export const nonRegistrySource: PolicyRule = {
  id: 'non-registry-source',
  severity: 'moderate',
  title: 'Dependency from outside the registry',
  fix: 'Depend on a published registry version instead, or name the package in allowSources if this source is intended.',
  check(graph, config) {
    return graph.packages
      .filter((p) => Object.hasOwn(WHAT, p.source) && !p.dev && !config.allowSources.has(p.name) && !(p.alias !== undefined && config.allowSources.has(p.alias)))
      .map((p) => ({ pkg: p, title: `${p.alias ?? p.name}@${p.version} comes from ${WHAT[p.source] as string}${p.resolved !== undefined ? ` (${p.resolved})` : ''}` }));
  },
};
