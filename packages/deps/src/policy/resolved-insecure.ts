// A resolved URL fetched without TLS (http:, git:, git+http:) can be replaced in transit. For git
// over http the commit pins the content, but the fetch itself is still open to tampering.
import type { PolicyRule } from './types.js';

export function isInsecureUrl(url: string): boolean {
  return /^(?:git\+)?http:\/\//i.test(url) || /^git:\/\//i.test(url);
}

export const resolvedInsecure: PolicyRule = {
  id: 'resolved-insecure',
  severity: 'high',
  title: 'Package fetched over an unencrypted connection',
  fix: 'Use https (or git+ssh / git+https) for the registry or URL, then regenerate the lockfile.',
  check(graph) {
    return graph.packages
      .filter((p) => p.resolved !== undefined && isInsecureUrl(p.resolved))
      .map((p) => ({ pkg: p, title: `${p.name}@${p.version} is fetched from ${p.resolved as string} without TLS` }));
  },
};
