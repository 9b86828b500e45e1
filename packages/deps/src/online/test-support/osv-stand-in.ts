// OSV.dev's API as documented (google.github.io/osv.dev/api): POST /v1/querybatch (at most 1000
// queries; results in query order; a query with more vulns than a page gets next_page_token and
// is answered from it when asked again with page_token; no vulns: an empty object) and
// GET /v1/vulns/{id} (404 for an unknown id).
import type { ServerResponse } from 'node:http';
import { sendJson, startServer, type RecordedRequest, type StandIn } from './server.js';

export interface OsvStandInOptions {
  /** `name@version` -> ids that affect it. */
  readonly affected: Readonly<Record<string, readonly string[]>>;
  /** id -> the record JSON GET /v1/vulns/{id} answers with. */
  readonly records: Readonly<Record<string, unknown>>;
  /** Vulns per page in querybatch answers (default: all). */
  readonly pageSize?: number;
  /** Wait this long before answering anything. */
  readonly delayMs?: number;
  /** Replace the querybatch answer. */
  readonly queryBatch?: (req: RecordedRequest, res: ServerResponse) => void;
}

export function startOsvStandIn(options: OsvStandInOptions): Promise<StandIn> {
  return startServer(async (req, res) => {
    if (options.delayMs !== undefined) await new Promise((r) => setTimeout(r, options.delayMs));
    if (req.method === 'POST' && req.path === '/v1/querybatch') {
      if (options.queryBatch !== undefined) return options.queryBatch(req, res);
      const body = JSON.parse(req.body) as { queries: { package: { name: string; ecosystem: string }; version: string; page_token?: string }[] };
      if (body.queries.length > 1000) return sendJson(res, 400, { code: 3, message: 'Too many queries.' });
      const results = body.queries.map((q) => {
        if (q.package.ecosystem !== 'npm') return {};
        const all = options.affected[`${q.package.name}@${q.version}`] ?? [];
        const start = q.page_token === undefined ? 0 : Number(Buffer.from(q.page_token, 'base64').toString('utf8'));
        const end = options.pageSize === undefined ? all.length : start + options.pageSize;
        const vulns = all.slice(start, end).map((id) => ({ id, modified: '2024-01-01T00:00:00Z' }));
        if (vulns.length === 0) return {};
        return end < all.length ? { vulns, next_page_token: Buffer.from(String(end)).toString('base64') } : { vulns };
      });
      return sendJson(res, 200, { results });
    }
    const m = /^\/v1\/vulns\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && m?.[1] !== undefined) {
      const record = options.records[decodeURIComponent(m[1])];
      return record === undefined ? sendJson(res, 404, { code: 5, message: 'Bug not found.' }) : sendJson(res, 200, record);
    }
    return sendJson(res, 404, { code: 5, message: 'Not found' });
  });
}
