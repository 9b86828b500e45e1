import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { allChecks } from './checks/index.js';
import { main, type CliIO } from './cli.js';
import { sarifProblems } from '../../../test-support/sarif/validator.js';
import { DEFAULT_MAX_REQUESTS } from './runner/run.js';
import { closedPortUrl, startServer, type TestServer } from '../../../test-support/http-server.js';

function captureIO(options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => err.push(text), isTTY: options.tty ?? false },
    env: options.env ?? {},
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** A small API that does most things right over plain http. */
const hardened = (): Promise<TestServer> =>
  startServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('x-frame-options', 'DENY');
    response.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    response.setHeader('cache-control', 'no-store');
    if (request.url === '/' && request.method === 'GET') response.end('{"ok":true}');
    else if (request.method !== 'GET' && request.method !== 'HEAD') response.writeHead(405).end('{"error":"method_not_allowed"}');
    else response.writeHead(404).end('{"error":"not_found"}');
  });

let server: TestServer | undefined;
const dir = mkdtemp(join(tmpdir(), 'rampart-audit-cli-'));
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => rm(await dir, { recursive: true, force: true }));

describe('main', () => {
  it('prints help and exits 0', async () => {
    const cli = captureIO();
    expect(await main(['--help'], cli.io)).toBe(0);
    expect(cli.stdout()).toContain('Usage: rampart-audit URL');
  });

  it('names itself as the platform CLI when run through it', async () => {
    const cli = captureIO();
    const io = { ...cli.io, commandName: 'rampart audit' };
    expect(await main(['--help'], io)).toBe(0);
    expect(cli.stdout()).toMatch(/^Usage: rampart audit URL/);
    expect(await main(['--formt'], io)).toBe(2);
    expect(cli.stderr()).toBe('rampart audit: unknown option --formt (did you mean --format?)\nRun `rampart audit --help` for usage.\n');
  });

  it('prints the version from package.json', async () => {
    const cli = captureIO();
    expect(await main(['--version'], cli.io)).toBe(0);
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(cli.stdout()).toBe(`rampart-audit ${version}\n`);
  });

  it('lists every check with its category, default and title, sending nothing', async () => {
    const cli = captureIO();
    expect(await main(['--list-checks'], cli.io)).toBe(0);
    const [header, ...rows] = cli.stdout().trimEnd().split('\n');
    expect(header).toMatch(/^id\s+category\s+default\s+title$/);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(allChecks.map((check) => check.id));
    expect(rows.find((row) => row.startsWith('rate-limit '))).toMatch(/A07:2021-Identification and Authentication Failures\s+opt-in\s+Login rate limiting/);
    expect(rows.find((row) => row.startsWith('cors '))).toMatch(/A01:2021-Broken Access Control\s+on\s+CORS/);
  });

  it('--quiet prints only WARN/FAIL lines and the score line', async () => {
    server = await hardened();
    const loud = captureIO();
    const quiet = captureIO();
    await main([server.url.href], loud.io);
    await main([server.url.href, '--quiet'], quiet.io);
    expect(loud.stdout()).toMatch(/^ {2}PASS /m);
    expect(quiet.stdout()).not.toMatch(/^ {2}(PASS|INFO|N\/A) /m);
    expect(quiet.stdout()).toMatch(/^ {2}WARN +security-txt/m); // the small API has no security.txt
    expect(quiet.stdout().trimEnd().split('\n').at(-1)).toMatch(/^Score \d+\/100: /);
  });

  it('exits 2 with the message and a pointer to --help on a usage error', async () => {
    const cli = captureIO();
    expect(await main(['http://127.0.0.1:1', '--formt', 'json'], cli.io)).toBe(2);
    expect(cli.stderr()).toBe('rampart-audit: unknown option --formt (did you mean --format?)\nRun `rampart-audit --help` for usage.\n');
  });

  it('exits 2 on a config file naming an unknown check, before sending anything', async () => {
    server = await hardened();
    const config = join(await dir, 'bad.json');
    await writeFile(config, '{"checks": {"no-such-check": "ignore"}}');
    const cli = captureIO();
    expect(await main([server.url.href, '--config', config], cli.io)).toBe(2);
    expect(cli.stderr()).toContain('unknown check id "no-such-check"');
    expect(server.seen).toHaveLength(0);
  });

  it('exits 2 when --ca is not a certificate file', async () => {
    const ca = join(await dir, 'ca.pem');
    await writeFile(ca, 'not a certificate');
    const cli = captureIO();
    expect(await main(['https://127.0.0.1:1', '--ca', ca], cli.io)).toBe(2);
    expect(cli.stderr()).toContain('not a PEM certificate file');
  });

  it('exits 3 when the target is unreachable', async () => {
    const cli = captureIO();
    expect(await main([(await closedPortUrl()).href, '--timeout', '1000'], cli.io)).toBe(3);
    expect(cli.stderr()).toMatch(/^rampart-audit: target http:\/\/127\.0\.0\.1:\d+\/ is unreachable/);
  });

  it('audits a real server in seconds with a bounded, exactly counted number of requests', async () => {
    server = await hardened();
    const output = join(await dir, 'report.json');
    const cli = captureIO();
    const started = Date.now();
    const code = await main([server.url.href, '--format', 'json', '--output', output, '--concurrency', '4'], cli.io);
    const elapsed = Date.now() - started;
    const report = JSON.parse(await readFile(output, 'utf8'));
    expect(report.schemaVersion).toBe(1);
    // Exact: every request the report counts reached this server (handled, or refused by the parser).
    expect(server.seen.length + server.parserRejected()).toBe(report.requestsSent);
    expect(report.requestsSent).toBeGreaterThan(10);
    expect(report.requestsSent).toBeLessThanOrEqual(150);
    expect(report.requestsSent).toBeLessThan(DEFAULT_MAX_REQUESTS);
    expect(elapsed).toBeLessThan(10_000);
    expect(report.results.filter((r: { error?: string }) => r.error !== undefined)).toEqual([]);
    expect([0, 1]).toContain(code);
    expect(cli.stderr()).toContain(`report written to ${output}`);
  });

  it('never downgrades: --fail-on info exits 1 whenever anything above PASS was seen', async () => {
    server = await hardened();
    const lenient = captureIO();
    const strict = captureIO();
    const lenientCode = await main([server.url.href, '--format', 'json', '--fail-on', 'fail'], lenient.io);
    const strictCode = await main([server.url.href, '--format', 'json', '--fail-on', 'info'], strict.io);
    const summary = JSON.parse(strict.stdout()).summary as { info: number; warn: number; fail: number };
    expect(strictCode).toBe(summary.info + summary.warn + summary.fail > 0 ? 1 : 0);
    expect(strictCode).toBeGreaterThanOrEqual(lenientCode);
  });

  it('colours text only on a terminal without NO_COLOR, and shows progress only on a terminal', async () => {
    server = await hardened();
    const tty = captureIO({ tty: true });
    await main([server.url.href], tty.io);
    expect(tty.stdout()).toContain('\u001b[');
    expect(tty.stderr()).toContain('probing: ');
    const noColor = captureIO({ tty: true, env: { NO_COLOR: '1' } });
    await main([server.url.href], noColor.io);
    expect(noColor.stdout()).not.toContain('\u001b[');
    const piped = captureIO();
    await main([server.url.href], piped.io);
    expect(piped.stdout()).not.toContain('\u001b[');
    expect(piped.stderr()).toBe('');
    expect(piped.stdout()).toMatch(/\nScore \d+\/100: /);
  });

  it('writes SARIF of a real audit that validates against the SARIF 2.1.0 schema', async () => {
    server = await hardened();
    const cli = captureIO();
    await main([server.url.href, '--format', 'sarif'], cli.io);
    const log = JSON.parse(cli.stdout());
    expect(sarifProblems(log)).toBe('');
    expect(log.runs[0].tool.driver.rules.length).toBeGreaterThanOrEqual(10);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });
});
