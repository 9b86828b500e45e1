// A hostile target must not hang the auditor: every probe is answered with a body built to make
// naive analysis quadratic (floods of newlines, repeated markers, deep nesting) or with huge
// headers, and the whole audit still finishes in about the time a normal one takes. Before the
// analysis was made linear, 256 KiB of newlines kept one audit busy for over 240 s.
import { afterEach, describe, expect, it } from 'vitest';
import { leakSignatures } from '../checks/error-signatures.js';
import { allChecks } from '../checks/index.js';
import type { Check } from '../checks/types.js';
import { runAudit } from './run.js';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';

const SIZE = 256 * 1024;
const floods: Record<string, { type: string; body: string; headers?: Record<string, string> }> = {
  'newline flood': { type: 'text/plain', body: '\n'.repeat(SIZE) },
  'whitespace and newlines': { type: 'application/json', body: ' \t\r\n'.repeat(SIZE / 4) },
  'repeated stack-frame starts': { type: 'text/plain', body: '\n at /'.repeat(SIZE / 6) },
  'repeated debug-page markers': { type: 'text/html', body: 'Routing Error Whitelabel Error Page <br>'.repeat(SIZE / 40) },
  'repeated Ruby and .NET frames': { type: 'text/plain', body: '.rb:1:in `at a() in '.repeat(SIZE / 20) },
  'deeply nested JSON': { type: 'application/json', body: '['.repeat(SIZE / 2) + ']'.repeat(SIZE / 2) },
  'security.txt with one field repeated': { type: 'text/plain', body: 'Contact: mailto:a@example.com\n'.repeat(SIZE / 30) },
  'huge headers': { type: 'application/json', body: '{}', headers: { 'x-filler': 'a'.repeat(12_000), 'set-cookie': `s=${'b'.repeat(3_000)}` } },
};

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a hostile target cannot hang the audit', () => {
  it.each(Object.entries(floods))('%s: every check finishes and reports', async (_, answer) => {
    server = await startServer((_request, response) => {
      response.setHeader('content-type', answer.type);
      for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
      response.end(answer.body);
    });
    const started = process.hrtime.bigint();
    const report = await runAudit({ target: server.url, timeoutMs: 5_000 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(report.results.map((r) => r.check.id).sort()).toEqual(allChecks.filter((c) => c.enabledByDefault).map((c) => c.id).sort());
    // Not a speed target: the bound only tells "finished" from "hung" (the quadratic scans took minutes).
    expect(seconds).toBeLessThan(20);
  }, 60_000);
});

describe('analysis stays linear by construction', () => {
  it('no line-anchored leak pattern starts with \\s (it would also match newlines: quadratic)', () => {
    const offenders = leakSignatures.filter((s) => s.pattern.multiline && /^\^\\s/.test(s.pattern.source)).map((s) => s.name);
    expect(offenders).toEqual([]);
  });

  it('a check that never finishes is reported as not finished at the deadline, and the others still report', async () => {
    server = await startServer((_request, response) => response.end('{}'));
    const stuck: Check = {
      id: 'stuck',
      title: 'never finishes',
      category: 'A05:2021-Security Misconfiguration',
      description: 'test check',
      enabledByDefault: true,
      run: () => new Promise(() => undefined),
    };
    const headers = allChecks.find((c) => c.id === 'headers') as Check;
    const report = await runAudit({ target: server.url, checks: [stuck, headers], checkDeadlineMs: 300 });
    expect(report.results.find((r) => r.check.id === 'stuck')?.error).toMatch(/did not finish within/);
    expect(report.results.find((r) => r.check.id === 'headers')?.findings.length).toBeGreaterThan(0);
  });
});
