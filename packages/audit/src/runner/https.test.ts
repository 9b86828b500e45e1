// The auditor against a real https server: --ca trust, HSTS graded on https, http origin variant.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../cli.js';
import { corsCheck } from '../checks/cors.js';
import { headersCheck } from '../checks/headers.js';
import { TargetUnreachableError } from './errors.js';
import { runAudit } from './run.js';
import { makeCertificate, type TestCertificate } from '../../../../test-support/tls-certificate.js';

type Headers = Record<string, string | string[]>;

let certificate: TestCertificate;
beforeAll(async () => {
  certificate = await makeCertificate();
});
afterAll(async () => certificate.remove());

async function httpsServer(headers: Headers) {
  const server = createServer({ cert: certificate.cert, key: certificate.key }, (_request, response) => {
    response.setHeader('content-type', 'application/json');
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`https://127.0.0.1:${port}/`),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('https targets', () => {
  it('refuses an untrusted certificate as unreachable, and trusts it with --ca', async () => {
    const server = await httpsServer({ 'strict-transport-security': 'max-age=31536000; includeSubDomains' });
    try {
      await expect(runAudit({ target: server.url, checks: [headersCheck] })).rejects.toBeInstanceOf(TargetUnreachableError);
      const report = await runAudit({ target: server.url, checks: [headersCheck, corsCheck], ca: certificate.cert });
      const findings = report.results.flatMap((r) => r.findings);
      expect(findings.find((f) => f.title === 'Strict-Transport-Security')?.verdict).toBe('PASS');
      // The http:// variant of the https origin is probed (and not granted here).
      expect(findings.find((f) => f.title === 'CORS http origin for an https site')).toMatchObject({
        verdict: 'PASS',
        detail: `http://${server.url.host} was not granted access.`,
      });
    } finally {
      await server.close();
    }
  });

  it('grades HSTS on https: short max-age WARN, duplicates FAIL, missing FAIL', async () => {
    const cases: Array<[Headers, string]> = [
      [{ 'strict-transport-security': 'max-age=86400' }, 'WARN'],
      [{ 'strict-transport-security': ['max-age=31536000', 'max-age=31536000'] }, 'FAIL'],
      [{}, 'FAIL'],
    ];
    for (const [headers, expected] of cases) {
      const server = await httpsServer(headers);
      try {
        const report = await runAudit({ target: server.url, checks: [headersCheck], ca: certificate.cert });
        const hsts = report.results[0]?.findings.find((f) => f.title === 'Strict-Transport-Security');
        expect(hsts?.verdict, JSON.stringify(headers)).toBe(expected);
      } finally {
        await server.close();
      }
    }
  });

  it('reads --ca from a PEM file on the command line', async () => {
    const server = await httpsServer({ 'strict-transport-security': 'max-age=63072000' });
    const out: string[] = [];
    const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, env: {} };
    try {
      const code = await main([server.url.href, '--ca', certificate.certPath, '--format', 'json'], io);
      expect([0, 1]).toContain(code);
      const report = JSON.parse(out.join('')) as { results: Array<{ check: { id: string }; findings: Array<{ title: string; verdict: string }> }> };
      const headers = report.results.find((r) => r.check.id === 'headers');
      expect(headers?.findings.find((f) => f.title === 'Strict-Transport-Security')?.verdict).toBe('PASS');
    } finally {
      await server.close();
    }
  });
});
