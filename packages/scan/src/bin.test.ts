// The built command as a stranger runs it (node bin/rampart-scan.js), on the rule fixtures: the
// parallel path (worker threads) must report exactly what one thread reports. Needs the build
// (npm test runs it first); skipped, saying so, without dist/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/rampart-scan.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)));
const fixtures = fileURLToPath(new URL('./rules/fixtures/', import.meta.url));

function scan(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: fixtures, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.runIf(built && existsSync(fixtures))('bin/rampart-scan.js (built)', () => {
  it('reports the same findings on 1 and on 2 threads', () => {
    const one = scan(['--format', 'json', '--severity', 'low', '--confidence', 'low'], { RAMPART_SCAN_THREADS: '1' });
    const two = scan(['--format', 'json', '--severity', 'low', '--confidence', 'low'], { RAMPART_SCAN_THREADS: '2' });
    expect(one.stderr).toBe(two.stderr);
    const strip = (stdout: string) => {
      const report = JSON.parse(stdout) as { findings: unknown[]; parseErrors: unknown[]; linesScanned: number };
      return { findings: report.findings, parseErrors: report.parseErrors, lines: report.linesScanned };
    };
    expect(strip(two.stdout)).toEqual(strip(one.stdout));
    expect(strip(one.stdout).findings.length).toBeGreaterThan(0);
  });

  it('answers --version and a bad RAMPART_SCAN_THREADS', () => {
    expect(scan(['--version'])).toMatchObject({ code: 0, stdout: 'rampart-scan 0.1.0\n' });
    expect(scan([], { RAMPART_SCAN_THREADS: 'many' })).toMatchObject({ code: 2, stderr: 'rampart scan: RAMPART_SCAN_THREADS: expected a whole number from 1 to 16, got "many"\n' });
  });
});
