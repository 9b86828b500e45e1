// The spec-driven options through the real CLI entry point: --dry-run prints the plan and
// sends nothing; a bad document, paths file or token command is a usage error (exit 2).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { main, type CliIO } from '../cli.js';
import { buildNotesExpress } from '../fixtures/apps/notes-api/express.js';
import { notesApiDocument } from '../fixtures/apps/notes-api/spec.js';
import { listen } from '../fixtures/listen.js';

let directory = '';
let specFile = '';
// Nothing listens on port 9 (discard): a request sent there would fail the run.
const TARGET = 'http://127.0.0.1:9/';

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rampart-cli-spec-'));
  specFile = join(directory, 'openapi.json');
  await writeFile(specFile, JSON.stringify(notesApiDocument, null, 2));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('rampart audit --dry-run', () => {
  it('prints every operation with what would happen to it, the identities and the budgets', async () => {
    const result = await run([TARGET, '--openapi', specFile, '--auth', 'alice=Authorization: Bearer a', '--path', 'DELETE /api/notes/{id}', '--dry-run']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Plan: 10 operation(s) from OpenAPI 3.1 document ${specFile}`);
    expect(result.stdout).toContain('Identities: alice');
    expect(result.stdout).toContain('Mode: read-only (GET, HEAD, OPTIONS)');
    expect(result.stdout).toContain('Budget: at most 30 requests per operation per check, 2400 in all');
    expect(result.stdout).toMatch(/GET \/api\/notes\/\{id\} +probe {2}\(.*openapi\.json:\d+\)/);
    expect(result.stdout).toMatch(/PATCH \/api\/me +skip: needs --active/);
    expect(result.stdout).toMatch(/DELETE \/api\/notes\/\{id\} +skip: needs --active/);
  });

  it('with --active, DELETE still needs --allow-destructive', async () => {
    const result = await run([TARGET, '--path', 'DELETE /api/notes/{id}', '--path', 'POST /api/notes', '--active', '--dry-run', '--max-requests-per-operation', '5']);
    expect(result.stdout).toMatch(/DELETE \/api\/notes\/\{id\} +skip: needs --allow-destructive/);
    expect(result.stdout).toMatch(/POST +\/api\/notes +probe/);
    expect(result.stdout).toContain('at most 5 requests per operation per check');
  });
});

describe('spec-driven usage errors (exit 2)', () => {
  it.each([
    [['--openapi', '/nonexistent/openapi.yaml'], 'rampart-audit: --openapi /nonexistent/openapi.yaml: cannot read the file (ENOENT)\n'],
    [['--paths-file', '/nonexistent/paths.txt'], 'rampart-audit: --paths-file /nonexistent/paths.txt: cannot read the file (ENOENT)\n'],
    [['--auth-cmd', 'bob=exit 3'], 'rampart-audit: --auth-cmd bob: the command failed (exit 3)\n'],
    [['--path', 'GET /a b'], `rampart-audit: --path: expected '[METHOD] /path', got "GET /a b"\n`],
  ])('%j', async (flags, message) => {
    const result = await run([TARGET, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(message);
  });

  it('names a document that is not OpenAPI', async () => {
    const file = join(directory, 'not-openapi.json');
    await writeFile(file, '{"hello": "world"}');
    const result = await run([TARGET, '--openapi', file, '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: not an OpenAPI 3.0/3.1 or Swagger 2.0 document`);
  });
});

describe('a spec-driven run through the CLI', () => {
  it('audits the bad notes API as two identities: exit 1, and JSON findings that name their operation', async () => {
    const { app, api } = await buildNotesExpress('bad');
    const server = await listen(createServer(app));
    try {
      const result = await run([
        `${server.url}/`,
        '--openapi', specFile,
        '--auth', `alice=Authorization: Bearer ${api.tokens.alice}`,
        '--auth-cmd', `bob=printf '%s' '${api.tokens.bob}'`,
        '--format', 'json',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as { results: { check: { id: string; category: string }; findings: { verdict: string; title: string; operation?: string; location?: { file: string; line: number } }[] }[] };
      const bola = report.results.find((r) => r.check.id === 'api-object-authorization');
      expect(bola?.check.category).toBe('API1:2023-Broken Object Level Authorization');
      const fail = bola?.findings.find((f) => f.verdict === 'FAIL');
      expect(fail).toMatchObject({ operation: 'GET /api/notes/{id}', title: "GET /api/notes/{id}: Another identity reads the owner's object", location: { file: specFile } });
      // Read-only by default: mass assignment needs --active.
      expect(report.results.find((r) => r.check.id === 'api-mass-assignment')?.findings.map((f) => f.verdict)).toEqual(['N/A']);
    } finally {
      await server.close();
    }
  });
});
