import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../types.js';
import { run } from './audit.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    stdin: new PassThrough(),
    env: {},
    cwd: process.cwd(),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('rampart audit', () => {
  it('audits a running server and prints the JSON report', async () => {
    server = createServer((_request, response) => response.writeHead(404, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const cli = capture();
    const code = await run([`http://127.0.0.1:${port}/`, '--format', 'json'], cli.io);
    const report = JSON.parse(cli.stdout()) as { schemaVersion: number; target: string; results: Array<{ check: { id: string } }> };
    expect(report.schemaVersion).toBe(1);
    expect(report.target).toBe(`http://127.0.0.1:${port}/`);
    expect(report.results.map((r) => r.check.id)).toContain('cors');
    expect([0, 1]).toContain(code);
  });

  it("shows the auditor's help under the name it was run as", async () => {
    const cli = capture();
    expect(await run(['--help'], cli.io)).toBe(0);
    expect(cli.stdout()).toMatch(/^Usage: rampart audit URL \[options\]/);
    expect(cli.stdout()).not.toContain('rampart-audit ');
  });

  it('returns the auditor exit code for a usage error (2)', async () => {
    const cli = capture();
    expect(await run(['http://127.0.0.1:1', '--fail-on', 'sometimes'], cli.io)).toBe(2);
    expect(cli.stderr()).toContain('--fail-on: expected one of info, warn, fail');
  });
});
