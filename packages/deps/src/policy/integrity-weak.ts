// Integrity hashes other than SHA-512. An SRI string may list several hashes; the strongest counts.
// SHA-1 and MD5 collide on purpose-built input, so a tarball could be swapped under the same hash.
import type { PolicyRule } from './types.js';

export function strongestAlgorithm(integrity: string): string | undefined {
  const order = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];
  let best = -1;
  let unknown: string | undefined;
  for (const token of integrity.trim().split(/\s+/)) {
    const algo = token.split('-')[0]?.toLowerCase() ?? '';
    const i = order.indexOf(algo);
    if (i > best) best = i;
    else if (i === -1 && best === -1) unknown = algo;
  }
  return best >= 0 ? order[best] : unknown;
}

export const integrityWeak: PolicyRule = {
  id: 'integrity-weak',
  severity: 'moderate',
  title: 'Integrity hash weaker than SHA-512',
  fix: 'Regenerate the entry (remove it from the lockfile and reinstall) so that the lockfile records the registry\'s sha512 integrity.',
  check(graph) {
    const hits = [];
    for (const p of graph.packages) {
      if (p.integrity === undefined || p.integrity.trim() === '') continue;
      const algo = strongestAlgorithm(p.integrity);
      if (algo === 'sha512') continue;
      hits.push({ pkg: p, title: `${p.name}@${p.version} is checked with ${algo === undefined || algo === '' ? 'an unknown hash' : algo.toUpperCase()} only` });
    }
    return hits;
  },
};
