// Code scanning matches alerts across uploads by partialFingerprints (and shows them at their
// location): two audits of the same unchanged server must give the same of both, or every
// upload would close and reopen alerts. Runs the real audit twice against a real server whose
// 404 page (the random-path not-found baseline) has findings of its own.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifProblems } from '../../../../test-support/sarif/validator.js';
import { buildExpressApp } from '../fixtures/apps/express-app.js';
import { listen, type Listening } from '../fixtures/listen.js';
import { runAudit } from '../runner/run.js';
import { renderSarif } from './sarif.js';

interface SarifResult {
  readonly ruleId: string;
  readonly message: { readonly text: string };
  readonly locations: unknown;
  readonly partialFingerprints: Record<string, string>;
}

let server: Listening;
beforeAll(async () => {
  server = await listen(createServer(buildExpressApp({ cookie: 'naive' })));
});
afterAll(async () => server.close());

async function auditOnce(): Promise<SarifResult[]> {
  const log = JSON.parse(renderSarif(await runAudit({ target: new URL(server.url), loginPath: '/login' })));
  expect(sarifProblems(log)).toBe('');
  return log.runs[0].results as SarifResult[];
}

describe('SARIF across two runs against the same server', () => {
  it('keeps every fingerprint and every location', async () => {
    const first = await auditOnce();
    const second = await auditOnce();
    // The runs did differ: the not-found baseline's random path is in the messages.
    const randomPaths = (results: SarifResult[]) => results.map((r) => r.message.text.match(/rampart-audit-[0-9a-f]{16}/)?.[0]).filter(Boolean);
    expect(randomPaths(first).length).toBeGreaterThan(0);
    expect(randomPaths(first)[0]).not.toBe(randomPaths(second)[0]);

    const identity = (results: SarifResult[]) =>
      results.map((r) => ({ rule: r.ruleId, fingerprint: r.partialFingerprints['rampartFinding/v1'], locations: r.locations })).sort((a, b) => String(a.fingerprint).localeCompare(String(b.fingerprint)));
    expect(first.length).toBeGreaterThan(5);
    expect(identity(second)).toEqual(identity(first));
    expect(JSON.stringify(first.map((r) => r.locations))).not.toMatch(/rampart-audit-[0-9a-f]{16}/);
  });
});
