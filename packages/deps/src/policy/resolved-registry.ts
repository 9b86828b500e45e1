// A registry package resolved to a host not on the allowed list: a mirror nobody chose, a
// dependency-confusion registry, or a lockfile edited by hand. Lockfiles that omit registry URLs
// (npm's omit-lockfile-registry-resolved, pnpm, berry) have nothing to check and pass.
import type { PolicyRule } from './types.js';

export function registryAllowed(url: string, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const where = `${parsed.hostname.toLowerCase()}${parsed.port === '' ? '' : `:${parsed.port}`}${parsed.pathname}`;
  return allowed.some((entry) => {
    const a = entry.toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
    return where === a || where.startsWith(`${a}/`);
  });
}

export const resolvedRegistry: PolicyRule = {
  id: 'resolved-registry',
  severity: 'high',
  title: 'Package resolved from a registry that is not allowed',
  fix: 'Install it from an allowed registry (check .npmrc / publishConfig for the scope), or add the registry to allowedRegistries if it is yours.',
  check(graph, config) {
    return graph.packages
      .filter((p) => p.source === 'registry' && p.resolved !== undefined && /^https?:/i.test(p.resolved) && !registryAllowed(p.resolved, config.allowedRegistries))
      .map((p) => ({ pkg: p, title: `${p.name}@${p.version} is resolved from ${hostOf(p.resolved as string)}, which is not an allowed registry` }));
  },
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
