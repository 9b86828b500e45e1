// The npm registry's bulk advisory endpoint: POST /-/npm/v1/security/advisories/bulk with a
// (gzip-encoded) {"name": ["version", ...]} body answers, per name asked about, the advisories
// whose vulnerable_versions admits at least one of the versions sent.
import semver from 'semver';
import { sendJson, startServer, type StandIn } from './server.js';

export interface NpmAdvisory {
  readonly id: number;
  readonly url: string;
  readonly title: string;
  readonly severity: string;
  readonly vulnerable_versions: string;
  readonly cwe: readonly string[];
  readonly cvss: { readonly score: number; readonly vectorString: string | null } | null;
}

export function startNpmStandIn(advisories: Readonly<Record<string, readonly NpmAdvisory[]>>, delayMs = 0): Promise<StandIn> {
  return startServer(async (req, res) => {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (req.method !== 'POST' || req.path !== '/-/npm/v1/security/advisories/bulk') return sendJson(res, 404, { error: 'Not found' });
    const body = JSON.parse(req.body) as Record<string, string[]>;
    const answer: Record<string, NpmAdvisory[]> = {};
    for (const [name, versions] of Object.entries(body)) {
      const hits = (Object.hasOwn(advisories, name) ? (advisories[name] ?? []) : []).filter((a) =>
        versions.some((v) => semver.satisfies(v, a.vulnerable_versions)),
      );
      if (hits.length > 0) answer[name] = hits;
    }
    return sendJson(res, 200, answer);
  });
}
