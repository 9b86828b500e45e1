// A registry package without an integrity hash is installed without checking its tarball. Bundled
// copies come inside their parent's (checked) tarball, and git / file / link sources have no
// registry hash to record, so neither is a finding here.
import type { PolicyRule } from './types.js';

export const integrityMissing: PolicyRule = {
  id: 'integrity-missing',
  severity: 'high',
  title: 'Registry package without an integrity hash',
  fix: 'Regenerate the lockfile with a current package manager (delete the entry and reinstall) so that it records the tarball\'s sha512 integrity.',
  check(graph) {
    return graph.packages
      .filter((p) => p.source === 'registry' && p.bundled !== true && (p.integrity === undefined || p.integrity.trim() === ''))
      .map((p) => ({ pkg: p, title: `${p.name}@${p.version} has no integrity hash in the lockfile` }));
  },
};
