import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { sampleRules } from './test-support/sample-rules.js';

let root = '';
function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'scan-cli-'));
  write({ 'src/a.ts': 'eval(input);\nconst ok = 1;\n', 'src/b.test.ts': 'eval(testOnly);\n' });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function cli(argv: string[], tty = false, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    {
      stdout: { write: (text: string) => (stdout += text), isTTY: tty },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      env,
      cwd: root,
    },
    sampleRules,
  );
  return { code, stdout, stderr };
}

describe('rampart scan', () => {
  it('exits 1 with the finding in text, skipping test files', async () => {
    const { code, stdout } = await cli([]);
    expect(code).toBe(1);
    expect(stdout).toContain('src/a.ts:1:1  sample-global-eval');
    expect(stdout).not.toContain('b.test.ts');
    expect(stdout).not.toContain('\u001b[');
  });

  it('scans test files with --include-tests and colours on a TTY unless NO_COLOR', async () => {
    expect((await cli(['--include-tests'])).stdout).toContain('src/b.test.ts:1:1');
    expect((await cli([], true)).stdout).toContain('\u001b[31m');
    expect((await cli([], true, { NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });

  it('exits 0 when nothing is at or above the thresholds', async () => {
    expect((await cli(['--skip', 'sample-global-eval'])).code).toBe(0);
    expect((await cli(['--only', 'sample-secret'])).code).toBe(0);
  });

  it('prints help, the version and the rule list', async () => {
    expect((await cli(['--help'])).stdout).toContain('Usage: rampart scan');
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: 'rampart-scan 0.1.0\n' });
    const list = (await cli(['--list-rules'])).stdout;
    expect(list).toMatch(/^ID +SEVERITY +CONFIDENCE +CWE +BANDIT +NAME\n/);
    expect(list).toMatch(/sample-global-eval +high +high +CWE-95 +B307 +Sample sample-global-eval/);
    expect(list).toContain('unused-suppression');
  });

  it.each([
    [['--skip', 'sample-evil,nope'], 'rampart scan: --skip: unknown rule ids sample-evil (did you mean sample-exec?), nope (see --list-rules)'],
    [['--only', 'sample-secrets'], 'rampart scan: --only: unknown rule id sample-secrets (did you mean sample-secret?) (see --list-rules)'],
    [['missing-dir', 'src'], 'rampart scan: no such file or directory: missing-dir'],
    [['--config', 'nope.json'], 'rampart scan: nope.json: cannot read the file (ENOENT)'],
    [['--baseline', 'nope.json'], 'rampart scan: --baseline nope.json: cannot read the file (ENOENT)'],
    [['--severity', 'critical'], 'rampart scan: --severity: expected one of low, medium, high, got "critical"'],
  ])('exits 2 on %j', async (argv, message) => {
    const { code, stderr, stdout } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(message);
    expect(stdout).toBe('');
  });

  it('exits 2 on a parse error, names the file, and still scans the rest', async () => {
    write({ 'src/broken.ts': 'const = ;\n' });
    const { code, stdout, stderr } = await cli(['--format', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain('src/broken.ts:1:7: parse error');
    const report = JSON.parse(stdout);
    expect(report.findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(['src/a.ts']);
  });

  it('reads the config file: excludes, skips and per-rule severity', async () => {
    write({ 'rampart-scan.json': JSON.stringify({ severity: { 'sample-global-eval': 'low' } }) });
    expect((await cli([])).code).toBe(0);
    write({ 'rampart-scan.json': JSON.stringify({ exclude: ['src/a.ts'] }) });
    expect((await cli([])).code).toBe(0);
    write({ 'rampart-scan.json': JSON.stringify({ skip: ['sample-evil'] }) });
    expect(await cli([])).toMatchObject({ code: 2, stderr: 'rampart scan: rampart-scan.json "skip": unknown rule id sample-evil (did you mean sample-exec?) (see --list-rules)\n' });
  });

  it('writes a baseline, then fails only on findings new since it', async () => {
    expect((await cli(['--write-baseline', 'base.json'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'base.json'), 'utf8')).findings).toHaveLength(1);
    write({ 'src/a.ts': '// a new line above\neval(input);\nconst ok = 1;\n' });
    expect((await cli(['--baseline', 'base.json'])).code).toBe(0);
    write({ 'src/c.ts': 'eval(fresh);\n' });
    const { code, stdout } = await cli(['--baseline', 'base.json']);
    expect(code).toBe(1);
    expect(stdout).toContain('src/c.ts:1:1');
    expect(stdout).toContain('1 in the baseline');
  });

  it('writes the report to --output in every format', async () => {
    for (const format of ['text', 'json', 'sarif', 'html']) {
      const { code, stderr } = await cli(['--format', format, '--output', `out.${format}`]);
      expect(code).toBe(1);
      expect(stderr).toContain(`report written to out.${format}`);
      expect(readFileSync(join(root, `out.${format}`), 'utf8')).toContain('src/a.ts');
    }
    expect((await cli(['--output', 'no/such/dir/out.txt'])).code).toBe(2);
  });
});
