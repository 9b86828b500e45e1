import { describe, expect, it } from 'vitest';
import { databaseFromRecords } from '../advisories/database.js';
import { matchAdvisories } from '../advisories/match.js';
import { inst, rawShipped } from '../advisories/test-support/fixtures.js';
import { fetchOsvRecords, queryOsv, queryOsvIds } from './osv.js';
import { startOsvStandIn } from './test-support/osv-stand-in.js';
import { sendJson, startServer } from './test-support/server.js';
import { rejection, trackStandIns } from './test-support/tracked.js';

const XVCH = 'GHSA-xvch-5gv4-984h';
const VH95 = 'GHSA-vh95-rmgr-6w4m';
const records = { [XVCH]: rawShipped(`ghsa/${XVCH}.json`), [VH95]: rawShipped(`ghsa/${VH95}.json`) };
const start = trackStandIns();

describe('OSV querybatch client against a local stand-in', () => {
  it('queries, follows next_page_token per query, fetches each record once, and the records match', async () => {
    const osv = await start(startOsvStandIn({ affected: { 'minimist@0.0.8': [VH95, XVCH], 'minimist@1.2.5': [XVCH] }, records, pageSize: 1 }));
    const packages = [
      { name: 'minimist', version: '0.0.8' },
      { name: 'minimist', version: '1.2.5' },
      { name: 'minimist', version: '1.2.5' },
      { name: 'left-pad', version: '1.3.0' },
    ];
    const found = await queryOsv(packages, { baseUrl: osv.url });
    expect(found.map((r) => r.id).sort()).toEqual([VH95, XVCH]);

    const batches = osv.requests.filter((r) => r.path === '/v1/querybatch').map((r) => JSON.parse(r.body) as { queries: unknown[] });
    expect(batches[0]?.queries).toEqual([
      { package: { name: 'minimist', ecosystem: 'npm' }, version: '0.0.8' },
      { package: { name: 'minimist', ecosystem: 'npm' }, version: '1.2.5' },
      { package: { name: 'left-pad', ecosystem: 'npm' }, version: '1.3.0' },
    ]);
    // Only the query with a second page is asked again, with its token.
    expect(batches[1]?.queries).toEqual([{ package: { name: 'minimist', ecosystem: 'npm' }, version: '0.0.8', page_token: expect.any(String) as string }]);
    expect(batches).toHaveLength(2);
    const gets = osv.requests.filter((r) => r.method === 'GET').map((r) => r.path).sort();
    expect(gets).toEqual([`/v1/vulns/${VH95}`, `/v1/vulns/${XVCH}`]);

    const db = databaseFromRecords(found, 'osv.dev');
    expect(matchAdvisories(db, [inst('minimist', '1.2.5')]).map((m) => [m.record.id, m.fixedIn, m.source])).toEqual([[XVCH, '1.2.6', 'osv.dev']]);
  });

  it('sends at most 1000 queries per call (the API refuses more)', async () => {
    const osv = await start(startOsvStandIn({ affected: { 'pkg-1000@1.0.0': [XVCH] }, records }));
    const packages = Array.from({ length: 1001 }, (_, i) => ({ name: `pkg-${i}`, version: '1.0.0' }));
    const ids = await queryOsvIds(packages, { baseUrl: osv.url, batchSize: 5000 });
    expect([...(ids.get('pkg-1000@1.0.0') ?? [])]).toEqual([XVCH]);
    expect(osv.requests.map((r) => (JSON.parse(r.body) as { queries: unknown[] }).queries.length)).toEqual([1000, 1]);
  });

  it('bounds concurrent record fetches', async () => {
    let inFlight = 0;
    let peak = 0;
    const osv = await start(
      startServer(async (req, res) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight -= 1;
        const id = decodeURIComponent(req.path.split('/').pop() ?? '');
        sendJson(res, 200, { id, modified: '2024-01-01T00:00:00Z' });
      }),
    );
    const ids = Array.from({ length: 12 }, (_, i) => `OSV-${i}`);
    const got = await fetchOsvRecords([...ids, ...ids], { baseUrl: osv.url, concurrency: 3 });
    expect(got.map((r) => r.id)).toEqual(ids);
    expect(peak).toBeLessThanOrEqual(3);
    expect(osv.requests).toHaveLength(12);
  });
});

describe('OSV client failures are typed errors', () => {
  it('HTTP errors', async () => {
    const osv = await start(startOsvStandIn({ affected: {}, records, queryBatch: (_req, res) => sendJson(res, 500, { code: 13, message: 'internal' }) }));
    const e = await rejection(queryOsv([{ name: 'a', version: '1.0.0' }], { baseUrl: osv.url }));
    expect(e).toMatchObject({ kind: 'http', status: 500 });
    expect(e.message).toMatch(/\/v1\/querybatch: answered HTTP 500/);
    const missing = await rejection(fetchOsvRecords(['GHSA-none'], { baseUrl: osv.url }));
    expect(missing).toMatchObject({ kind: 'http', status: 404 });
  });

  it('timeouts', async () => {
    const osv = await start(startOsvStandIn({ affected: {}, records, delayMs: 2_000 }));
    const e = await rejection(queryOsv([{ name: 'a', version: '1.0.0' }], { baseUrl: osv.url, timeoutMs: 100 }));
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/no complete answer within 100 ms/);
  });

  it('connection refused', async () => {
    const osv = await startOsvStandIn({ affected: {}, records });
    await osv.close();
    const e = await rejection(queryOsv([{ name: 'a', version: '1.0.0' }], { baseUrl: osv.url }));
    expect(e.kind).toBe('network');
  });

  it('answers that break the protocol', async () => {
    const answers: unknown[] = ['not json at all', { results: [] }, { results: [{ vulns: 'x' }] }, { results: [{ vulns: [{ modified: 'x' }] }] }, [1, 2]];
    for (const answer of answers) {
      const osv = await start(
        startOsvStandIn({
          affected: {},
          records,
          queryBatch: (_req, res) => {
            res.setHeader('content-type', 'application/json');
            res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
          },
        }),
      );
      expect((await rejection(queryOsv([{ name: 'a', version: '1.0.0' }], { baseUrl: osv.url }))).kind).toBe('protocol');
    }
  });

  it('endless pagination, a record under another id, a record of the wrong shape', async () => {
    const endless = await start(startOsvStandIn({ affected: {}, records, queryBatch: (_req, res) => sendJson(res, 200, { results: [{ vulns: [{ id: XVCH }], next_page_token: 'again' }] }) }));
    expect(await rejection(queryOsvIds([{ name: 'a', version: '1' }], { baseUrl: endless.url, maxPages: 3 }))).toMatchObject({ kind: 'protocol', message: expect.stringMatching(/after 3 pages/) as string });
    const wrong = await start(startOsvStandIn({ affected: {}, records: { [XVCH]: records[VH95], BAD: { id: 'BAD', modified: 'x' } } }));
    expect((await rejection(fetchOsvRecords([XVCH], { baseUrl: wrong.url }))).message).toMatch(/answered with record GHSA-vh95-rmgr-6w4m/);
    expect((await rejection(fetchOsvRecords(['BAD'], { baseUrl: wrong.url }))).message).toMatch(/modified must be an RFC 3339 date/);
  });

  it('refuses an answer larger than the cap', async () => {
    const big = await start(startServer((_req, res) => sendJson(res, 200, { id: 'X', modified: '2024-01-01T00:00:00Z', details: 'a'.repeat(100_000) })));
    expect((await rejection(fetchOsvRecords(['X'], { baseUrl: big.url, maxBytes: 10_000 }))).message).toMatch(/larger than 10000 bytes/);
  });
});
