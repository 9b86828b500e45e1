// A registry package without an integrity hash is installed without checking its tarball. Bundled
// copies come inside their parent's (checked) tarball, and git / file / link sources have no
// registry hash to record, so neither is a finding here; nor are berry's unfetched platform copies.
import type { PolicyRule } from './types.js';

export const integrityMissing: PolicyRule = {
  id: 'integrity-missing',
  severity: 'high',
  title: 'Registry package without an integrity hash',
  fix: 'Regenerate the lockfile with a current package manager (delete the entry and reinstall) so that it records the tarball\'s sha512 integrity.',
  check(graph) {
    return graph.packages
      // Berry leaves the checksum out for platform-specific copies it did not fetch (esbuild's
      // other-platform binaries): that is how berry works, not a weakness of this lockfile.
      .filter((p) => !(graph.lockfile.format === 'yarn-berry' && p.conditions !== undefined))
      .filter((p) => p.source === 'registry' && p.bundled !== true && (p.integrity === undefined || p.integrity.trim() === ''))
      .map((p) => ({ pkg: p, title: `${p.name}@${p.version} has no integrity hash in the lockfile` }));
  },
};
