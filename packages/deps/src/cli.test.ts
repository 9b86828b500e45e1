// The CLI end to end with the real lockfile readers, database and matcher, on the fixture project
// in runner/test-data; the registry and the OSV API are local node:http stand-ins.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../../test-support/http-server.js';
import { sarifProblems } from '../../../test-support/sarif/validator.js';
import { main, type CliIO } from './cli.js';
import { startRegistry, type RegistryServer } from './fix/test-support/registry-server.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema: object = JSON.parse(await readFile(new URL('./reporters/deps-report.schema.json', import.meta.url), 'utf8'));
const validateJson = addFormats(new Ajv({ allErrors: true, strict: true })).compile(schema);

const testData = fileURLToPath(new URL('./runner/test-data/', import.meta.url));
let work: string;
let app: string;
let cache: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-deps-cli-'));
  app = join(work, 'app');
  cache = join(work, 'cache');
  await cp(join(testData, 'express-app'), app, { recursive: true });
});
afterAll(async () => rm(work, { recursive: true, force: true }));

let registry: RegistryServer | undefined;
let osv: TestServer | undefined;
afterEach(async () => {
  await rm(join(app, '.rampart-deps.json'), { force: true });
  await registry?.close();
  registry = undefined;
  await osv?.close();
  osv = undefined;
});

function captureIO(options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => out.push(text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => err.push(text), isTTY: options.tty ?? false },
    env: { XDG_CACHE_HOME: cache, ...options.env },
    cwd: work,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Only the test database: deterministic whatever ships or is cached. */
const offline = ['--no-shipped-db', '--no-cache', '--db', join(testData, 'db'), '--no-node'];

async function cli(argv: string[], options?: { tty?: boolean; env?: Record<string, string> }) {
  const io = captureIO(options);
  const code = await main(argv, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

const ignoreFile = (entries: unknown[]) => writeFile(join(app, '.rampart-deps.json'), JSON.stringify({ ignore: entries }));
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

describe('rampart deps: the basics', () => {
  it('--help and --version exit 0', async () => {
    expect((await cli(['--help'])).stdout).toContain('Usage: rampart deps [DIR] [options]');
    expect((await cli(['db', '--help'])).stdout).toContain('rampart deps db import PATH');
    expect((await cli(['--version'])).stdout).toBe('rampart-deps 0.1.0\n');
  });

  it('usage errors exit 2 and name the problem', async () => {
    const result = await cli(['--fail-on', 'medium']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fail-on: expected one of low, moderate, high, critical, got "medium"');
  });

  it('a folder without a lockfile exits 2 and says so', async () => {
    const result = await cli([join(work, 'nowhere'), ...offline]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^rampart deps: .*nowhere/);
  });

  it('a workspace folder without a lockfile is told where the lockfile is', async () => {
    const web = join(app, 'packages', 'web');
    await mkdir(web, { recursive: true });
    const result = await cli([web, ...offline]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the nearest is ${join(app, 'package-lock.json')} (a workspace: run \`rampart deps ../..\``);
  });

  it('DIR may be the lockfile itself', async () => {
    const result = await cli([join(app, 'package-lock.json'), ...offline, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).lockfile.path).toBe(join(app, 'package-lock.json'));
  });

  it('a malformed lockfile exits 2 naming the file', async () => {
    const broken = join(work, 'broken');
    await cp(app, broken, { recursive: true });
    await writeFile(join(broken, 'package-lock.json'), '{"lockfileVersion": 3, "packages": ');
    const result = await cli([broken, ...offline]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('package-lock.json');
    expect(result.stderr).not.toContain('internal error');
  });
});

describe('rampart deps: findings', () => {
  it('finds qs through express, with the path, the fixed version and the offline advice; exit 1', async () => {
    const result = await cli(['app', ...offline]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('HIGH (1)');
    expect(result.stdout).toContain('GHSA-hrpp-h998-j3pp  qs@6.5.1');
    expect(result.stdout).toContain('path: app > express@4.16.0 > qs@6.5.1 (+1 more)');
    expect(result.stdout).toContain('fixed in: 6.5.3');
    expect(result.stdout).toContain('express@4.16.0 wants qs 6.5.1');
    expect(result.stdout).toContain('--fix-advice');
    expect(result.stdout).toMatch(/database: db: 2 records, newest record 2023-11-01, \d+ days old \(STALE\)/);
    expect(result.stdout).toContain('debug@2.6.8 (dev)');
  });

  it('--omit dev leaves out what only devDependencies bring; --fail-on critical passes', async () => {
    const omitted = await cli(['app', ...offline, '--omit', 'dev', '--format', 'json']);
    const document = JSON.parse(omitted.stdout);
    expect(document.findings.map((f: { package: string }) => f.package)).toEqual(['qs']);
    expect(document.packages).toEqual({ audited: 3, total: 5 });
    expect((await cli(['app', ...offline, '--fail-on', 'critical'])).code).toBe(0);
  });

  it('JSON output matches the schema and carries the contract fields', async () => {
    const result = await cli(['app', ...offline, '--format', 'json']);
    const document = JSON.parse(result.stdout);
    expect(validateJson(document), JSON.stringify(validateJson.errors)).toBe(true);
    expect(document.findings[0]).toMatchObject({
      package: 'qs', version: '6.5.1', id: 'GHSA-hrpp-h998-j3pp', aliases: ['CVE-2022-24999'], severity: 'high',
      paths: ['app > express@4.16.0 > qs@6.5.1', 'app > express@4.16.0 > body-parser@1.18.2 > qs@6.5.1'], dev: false, fixedIn: '6.5.3',
    });
    expect(document.findings[1]).toMatchObject({ package: 'debug', dev: true, severity: 'low', fix: 'npm update debug (every declared range already allows debug 2.6.9)' });
    expect(document.sources).toEqual([expect.objectContaining({ name: 'db', records: 2, newest: '2023-11-01', stale: true })]);
  });

  it('SARIF output is valid and points at the package entry of the lockfile', async () => {
    const output = join(work, 'deps.sarif');
    const result = await cli(['app', ...offline, '--format', 'sarif', '--output', output]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`report written to ${output}`);
    const log = JSON.parse(await readFile(output, 'utf8'));
    expect(sarifProblems(log)).toBe('');
    const lines = (await readFile(join(app, 'package-lock.json'), 'utf8')).split('\n');
    const qs = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'GHSA-hrpp-h998-j3pp');
    expect(qs.locations[0].physicalLocation.artifactLocation.uri).toBe('app/package-lock.json');
    expect(lines[qs.locations[0].physicalLocation.region.startLine - 1]).toContain('"node_modules/qs"');
    expect(log.runs[0].tool.driver.rules[qs.ruleIndex].properties['security-severity']).toBe('7.5');
  });

  it('colour on a TTY only, and never with NO_COLOR', async () => {
    expect((await cli(['app', ...offline], { tty: true })).stdout).toContain('\u001b[');
    expect((await cli(['app', ...offline], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });
});

describe('rampart deps: fix commands in the words of each package manager', () => {
  const samples = fileURLToPath(new URL('./lockfiles/test-data/', import.meta.url));
  const ghsa = fileURLToPath(new URL('../data/advisories/ghsa/', import.meta.url));
  it.each([
    ['npm3', 'npm install lodash-old@npm:lodash@4.17.21'],
    ['pnpm9', 'pnpm add lodash-old@npm:lodash@4.17.21'],
    ['yarn1', 'yarn add lodash-old@npm:lodash@4.17.21'],
    ['berry', 'yarn up lodash-old@npm:lodash@4.17.21'],
  ])('%s: %s', async (sample, command) => {
    const result = await cli([join(samples, sample), '--no-shipped-db', '--no-cache', '--db', ghsa, '--no-node', '--no-policy', '--format', 'json']);
    const lodash = JSON.parse(result.stdout).findings.find((f: { id: string }) => f.id === 'GHSA-jf85-cpcp-j695');
    expect(lodash).toMatchObject({ package: 'lodash', alias: 'lodash-old', version: '4.17.11', fixedIn: '4.17.21' });
    expect(lodash.advice.steps[0].command).toBe(command);
  });
});

describe('rampart deps: ignores', () => {
  it('an ignore by alias with a reason and an expiry passes the build and is listed as ignored', async () => {
    await ignoreFile([{ id: 'CVE-2022-24999', reason: 'we never parse untrusted query strings with qs', expires: inAMonth }]);
    const result = await cli(['app', ...offline]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('IGNORED (1)');
    expect(result.stdout).toContain(`ignored until ${inAMonth}: we never parse untrusted query strings with qs`);
  });

  it('an expired ignore stops ignoring and says so', async () => {
    await ignoreFile([{ id: 'GHSA-hrpp-h998-j3pp', reason: 'waiting for express 4.17', expires: '2024-01-01' }]);
    const result = await cli(['app', ...offline]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('GHSA-hrpp-h998-j3pp expired on 2024-01-01');
    expect(result.stdout).toContain('HIGH (1)');
  });

  it('an unused ignore is reported', async () => {
    await ignoreFile([{ id: 'GHSA-aaaa-bbbb-cccc', reason: 'old decision', expires: inAMonth }]);
    const result = await cli(['app', ...offline, '--format', 'json']);
    expect(JSON.parse(result.stdout).unusedIgnores[0]).toMatchObject({ id: 'GHSA-aaaa-bbbb-cccc' });
  });

  it('an ignore limited to one of two paths does not hide the copy', async () => {
    await ignoreFile([{ id: 'GHSA-hrpp-h998-j3pp', reason: 'body-parser path only', expires: inAMonth, paths: ['app > express > body-parser'] }]);
    expect((await cli(['app', ...offline])).code).toBe(1);
    await ignoreFile([{ id: 'GHSA-hrpp-h998-j3pp', reason: 'both paths reviewed', expires: inAMonth, paths: ['app > express'] }]);
    expect((await cli(['app', ...offline])).code).toBe(0);
  });

  it('an ignore without a reason, or too far ahead, is a configuration error (exit 2) naming the entry', async () => {
    await ignoreFile([{ id: 'GHSA-hrpp-h998-j3pp', expires: inAMonth }]);
    const missing = await cli(['app', ...offline]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('.rampart-deps.json ignore[0] (GHSA-hrpp-h998-j3pp): "reason" is required');
    await ignoreFile([{ id: 'GHSA-hrpp-h998-j3pp', reason: 'forever', expires: '2099-01-01' }]);
    expect((await cli(['app', ...offline])).stderr).toContain('is more than a year ahead');
  });

  it('--config names another file; a missing one is exit 2', async () => {
    const config = join(work, 'ignores.json');
    await writeFile(config, JSON.stringify({ ignore: [{ id: 'CVE-2022-24999', reason: 'reviewed in SEC-12', expires: inAMonth }] }));
    expect((await cli(['app', ...offline, '--config', config])).code).toBe(0);
    const missing = await cli(['app', ...offline, '--config', join(work, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: cannot read the file (ENOENT)');
  });
});

describe('rampart deps: databases', () => {
  it('no database at all is exit 3 with how to get one', async () => {
    const result = await cli(['app', '--no-shipped-db', '--no-cache', '--no-node']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('rampart deps db import PATH');
  });

  it('db import copies into the cache; later runs need no --db; db status lists it', async () => {
    const imported = await cli(['db', 'import', join(testData, 'db')]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported .*: 2 records, newest record 2023-11-01, into /);
    const run = await cli(['app', '--no-shipped-db', '--no-node', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings).toHaveLength(2);
    const status = await cli(['db', 'status', '--no-shipped-db']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/2 records, newest record 2023-11-01 \(\d+ days old, over --max-db-age 7\)/);
  });

  it('db import of something that is not a database exits 2', async () => {
    const result = await cli(['db', 'import', join(work, 'missing.zip')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.zip');
  });

  it('the shipped snapshot works offline with no flag', async () => {
    const result = await cli(['app', '--no-cache', '--no-node', '--format', 'json']);
    const document = JSON.parse(result.stdout);
    expect(document.sources.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['shipped:ghsa']));
    expect(document.findings.some((f: { id: string }) => f.id === 'GHSA-hrpp-h998-j3pp')).toBe(true);
  });
});

describe('rampart deps: network (local stand-ins)', () => {
  it('--fix-advice asks the registry and names the direct dependency to move', async () => {
    registry = await startRegistry();
    const result = await cli(['app', ...offline, '--fix-advice', '--registry', registry.url, '--format', 'json']);
    const qs = JSON.parse(result.stdout).findings[0];
    expect(qs.advice).toMatchObject({ kind: 'upgrade', steps: [{ package: 'express', from: '4.16.0', to: '4.17.3', command: 'npm install express@4.17.3' }] });
  });

  it('--online reads the OSV API stand-in (no offline data needed)', async () => {
    const record = JSON.parse(await readFile(join(testData, 'db', 'GHSA-hrpp-h998-j3pp.json'), 'utf8'));
    osv = await startServer((request, response, body) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/v1/querybatch') {
        const queries = (JSON.parse(body) as { queries: { package: { name: string } }[] }).queries;
        response.end(JSON.stringify({ results: queries.map((q) => (q.package.name === 'qs' ? { vulns: [{ id: record.id, modified: record.modified }] } : {})) }));
      } else if (request.url === `/v1/vulns/${record.id}`) response.end(JSON.stringify(record));
      else response.writeHead(404).end('{}');
    });
    const osvUrl = osv.url.origin;
    registry = await startRegistry();
    const result = await cli(['app', '--no-shipped-db', '--no-cache', '--no-node', '--online', '--osv-url', osvUrl, '--registry', registry.url, '--format', 'json']);
    const document = JSON.parse(result.stdout);
    expect(document.online).toBe(true);
    expect(document.findings.map((f: { id: string }) => f.id)).toEqual(['GHSA-hrpp-h998-j3pp']);
    // The registry stand-in has no bulk endpoint: that is a warning, not a failure.
    expect(document.warnings.some((w: string) => w.includes('npm bulk advisory endpoint'))).toBe(true);
    expect(result.code).toBe(1);
  });

  it('--online that answers "no advisories" is a clean run, not a missing database', async () => {
    osv = await startServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/v1/querybatch') response.end(JSON.stringify({ results: Array.from({ length: 5 }, () => ({})) }));
      else response.writeHead(404).end('{}');
    });
    const osvUrl = osv.url.origin;
    const result = await cli(['app', '--no-shipped-db', '--no-cache', '--no-node', '--no-policy', '--online', '--osv-url', osvUrl, '--registry', 'http://127.0.0.1:9', '--timeout', '500', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).sources).toEqual([expect.objectContaining({ records: 0, stale: false })]);
  });

  it('--online with every endpoint down and no offline data is exit 3', async () => {
    const result = await cli(['app', '--no-shipped-db', '--no-cache', '--no-node', '--online', '--osv-url', 'http://127.0.0.1:9', '--registry', 'http://127.0.0.1:9', '--timeout', '500']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the online sources gave nothing either');
  });
});
