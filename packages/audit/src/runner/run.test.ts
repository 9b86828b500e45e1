import { afterEach, describe, expect, it } from 'vitest';
import type { Check, Finding } from '../checks/types.js';
import { TargetUnreachableError } from './errors.js';
import { exitCodeFor, ExitCode } from './exit-code.js';
import { runAudit } from './run.js';
import { closedPortUrl, startServer, type TestServer } from '../../../../test-support/http-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function fakeCheck(id: string, findings: Finding[], options: Partial<Check> = {}): Check {
  return {
    id,
    title: `check ${id}`,
    category: 'A05:2021-Security Misconfiguration',
    description: `probes ${id}`,
    enabledByDefault: true,
    run: async (context) => {
      await context.probe({ path: `/${id}` });
      return findings;
    },
    ...options,
  };
}

const finding = (verdict: Finding['verdict']): Finding => ({ verdict, title: verdict, detail: 'seen', url: 'http://x/', fix: 'fix it' });

describe('runAudit', () => {
  it('reports every check, counts requests and scores the findings', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const report = await runAudit({
      target: server.url,
      checks: [fakeCheck('a', [finding('PASS'), finding('PASS')]), fakeCheck('b', [finding('WARN'), finding('INFO')])],
    });
    expect(report.results.map((r) => r.check.id)).toEqual(['a', 'b']);
    expect(report.summary).toEqual({ pass: 2, info: 1, warn: 1, fail: 0, na: 0 });
    expect(report.score).toBe(80); // 2 / (2 + 0.5)
    expect(report.requestsSent).toBe(3); // baseline + one probe per check
    expect(server.seen).toHaveLength(3);
  });

  it('throws TargetUnreachableError before any check runs when nothing listens', async () => {
    let ran = false;
    const check = fakeCheck('a', [], { run: async () => ((ran = true), []) });
    await expect(runAudit({ target: await closedPortUrl(), checks: [check], timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      TargetUnreachableError,
    );
    expect(ran).toBe(false);
  });

  it('runs opt-in checks only with --login, after the others', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const checks = [fakeCheck('burst', [finding('PASS')], { enabledByDefault: false }), fakeCheck('a', [finding('PASS')])];
    const without = await runAudit({ target: server.url, checks });
    expect(without.results.map((r) => r.check.id)).toEqual(['a']);
    server.seen.length = 0;
    const withLogin = await runAudit({ target: server.url, checks, loginPath: '/login' });
    expect(withLogin.results.map((r) => r.check.id)).toEqual(['burst', 'a']);
    expect(server.seen.map((r) => r.url)).toEqual(['/', '/a', '/burst']);
  });

  it('applies config overrides: ignore skips, warn softens FAIL, fail hardens WARN', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const report = await runAudit({
      target: server.url,
      checks: [fakeCheck('a', [finding('FAIL')]), fakeCheck('b', [finding('FAIL')]), fakeCheck('c', [finding('WARN')])],
      overrides: { a: 'ignore', b: 'warn', c: 'fail' },
    });
    expect(report.results.map((r) => [r.check.id, r.findings.map((f) => f.verdict)])).toEqual([
      ['b', ['WARN']],
      ['c', ['FAIL']],
    ]);
    expect(server.seen.map((r) => r.url)).not.toContain('/a');
  });

  it('records a check that throws as an error and exits 1 for it', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const broken = fakeCheck('broken', [], { run: async () => Promise.reject(new Error('boom')) });
    const report = await runAudit({ target: server.url, checks: [broken, fakeCheck('a', [finding('PASS')])] });
    expect(report.results[0]).toMatchObject({ check: { id: 'broken' }, findings: [], error: 'boom' });
    expect(exitCodeFor(report, 'fail')).toBe(ExitCode.Findings);
  });

  it('reports progress until every check is done', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const seen: number[] = [];
    await runAudit({
      target: server.url,
      checks: [fakeCheck('a', []), fakeCheck('b', [])],
      onProgress: (progress) => seen.push(progress.checksDone),
    });
    expect(seen.at(-1)).toBe(2);
  });
});

describe('exitCodeFor', () => {
  const reportWith = (verdicts: Finding['verdict'][]) => ({
    target: 't',
    startedAt: '',
    finishedAt: '',
    durationMs: 0,
    requestsSent: 0,
    results: [{ check: { id: 'a', title: 'a', category: 'A05:2021-Security Misconfiguration' as const, description: '' }, findings: verdicts.map(finding) }],
    summary: { pass: 0, info: 0, warn: 0, fail: 0, na: 0 },
    score: 0,
  });

  it.each([
    [['PASS', 'N/A'], 'info', 0],
    [['INFO'], 'info', 1],
    [['INFO'], 'warn', 0],
    [['WARN'], 'warn', 1],
    [['WARN'], 'fail', 0],
    [['FAIL'], 'fail', 1],
    [['PASS', 'FAIL'], 'warn', 1],
  ] as const)('%j with --fail-on %s exits %i', (verdicts, failOn, code) => {
    expect(exitCodeFor(reportWith([...verdicts]), failOn)).toBe(code);
  });
});

describe('redirecting targets', () => {
  it('never follows the redirect and notes it in the report', async () => {
    server = await startServer((request, response) => {
      if (request.url === '/') response.writeHead(301, { location: 'https://elsewhere.example/' }).end();
      else response.writeHead(404).end();
    });
    const report = await runAudit({ target: server.url, checks: [fakeCheck('a', [finding('PASS')])] });
    expect(report.notes?.[0]).toMatch(/^The target answered 301 with Location: https:\/\/elsewhere\.example\/\. Redirects are never followed/);
    expect(server.seen.map((r) => r.url)).toEqual(['/', '/a']);
  });

  it('has no notes for a target that answers directly', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    expect((await runAudit({ target: server.url, checks: [] })).notes).toBeUndefined();
  });
});

describe('a target URL that answers 404', () => {
  // One PASS on the target's own response, one PASS elsewhere, one WARN on the target.
  const gradedAtTarget: Check = fakeCheck('target', [], {
    run: async (context) => {
      const { url } = await context.baseline();
      return [
        { verdict: 'PASS', title: 'on the target', detail: 'seen', url },
        { verdict: 'PASS', title: 'elsewhere', detail: 'seen', url: new URL('/.well-known/security.txt', url).href },
        { verdict: 'WARN', title: 'weak', detail: 'seen', url, fix: 'fix it' },
      ];
    },
  });

  it('says so in the notes and does not count the PASS found on that error page', async () => {
    server = await startServer((_request, response) => response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}'));
    const report = await runAudit({ target: server.url, checks: [gradedAtTarget] });
    expect(report.targetStatus).toBe(404);
    expect(report.notes?.[0]).toMatch(/^The target URL itself answered 404: .*1 PASS finding on that page is not counted in the score/);
    expect(report.summary).toMatchObject({ pass: 2, warn: 1 }); // the counts still show everything
    expect(report.score).toBe(67); // 1 / (1 + 0.5), not 2 / 2.5
  });

  it('scores every PASS when the target answers 200', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const report = await runAudit({ target: server.url, checks: [gradedAtTarget] });
    expect(report.targetStatus).toBe(200);
    expect(report.notes).toBeUndefined();
    expect(report.score).toBe(80);
  });
});
