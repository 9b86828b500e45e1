import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRules } from '../test-support/sample-rules.js';
import { runnerChecks } from './catalogue.js';
import { runScan, type ScanOptions } from './run.js';

let root = '';
const tree: Record<string, string> = {
  'src/a.ts': [
    'eval(a);',
    'eval(b); // rampart-ignore sample-global-eval: b is a constant from the build',
    '// rampart-ignore sample-global-eval: checked',
    'eval(c);',
    '// rampart-ignore sample-global-eval',
    'eval(d);',
    '// rampart-ignore sample-exec: nothing here',
    'const x = 1;',
    '// rampart-ignore no-such-rule: typo',
    'const key = "sk_live_1";',
    'child.exec(cmd);',
  ].join('\n'),
  'src/broken.ts': 'const = ;\n',
  'src/clean.js': 'export const ok = 1;\n',
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'scan-run-'));
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const allIds = new Set([...sampleRules.map((rule) => rule.meta.id), ...runnerChecks.map((check) => check.id)]);
const scan = (overrides: Partial<ScanOptions> = {}) =>
  runScan({
    cwd: root,
    paths: [],
    exclude: [],
    includeTests: false,
    ruleIds: allIds,
    severityOverrides: {},
    thresholds: { severity: 'low', confidence: 'low' },
    rules: sampleRules,
    ...overrides,
  });
const summary = (findings: readonly { rule: string; location: { file: string; line: number } }[]) => findings.map((f) => `${f.location.file}:${f.location.line} ${f.rule}`);

describe('runScan', () => {
  it('reports findings, suppression problems and parse errors, and counts what it suppressed', async () => {
    const { report } = await scan();
    expect(summary(report.findings)).toEqual([
      'src/a.ts:1 sample-global-eval',
      'src/a.ts:5 suppression-without-reason',
      'src/a.ts:6 sample-global-eval',
      'src/a.ts:7 unused-suppression',
      'src/a.ts:9 unused-suppression',
      'src/a.ts:10 sample-secret',
      'src/a.ts:11 sample-exec',
    ]);
    expect(report.omitted).toEqual({ belowThreshold: 0, suppressed: 2, baseline: 0 });
    expect(report.parseErrors).toEqual([{ file: 'src/broken.ts', line: 1, column: 7, message: expect.stringMatching(/^parse error: /) }]);
    expect(report.filesScanned).toBe(3);
    expect(report.findings[0]?.code).toBe('eval(a);');
  });

  it('filters by severity and confidence, and applies per-rule severity overrides', async () => {
    const { report } = await scan({ thresholds: { severity: 'medium', confidence: 'medium' }, severityOverrides: { 'sample-secret': 'high' } });
    expect(summary(report.findings)).toContain('src/a.ts:10 sample-secret');
    expect(summary(report.findings)).not.toContain('src/a.ts:11 sample-exec'); // low confidence (not in a function)
    expect(report.omitted.belowThreshold).toBe(1);
  });

  it('does not call a suppression unused when its rule did not run', async () => {
    const ids = new Set([...allIds].filter((id) => id !== 'sample-exec'));
    expect(summary((await scan({ ruleIds: ids })).report.findings)).not.toContain('src/a.ts:7 unused-suppression');
  });

  it('leaves out findings whose fingerprint is in the baseline', async () => {
    const first = await scan();
    const { report } = await scan({ baseline: new Set(first.current.map((finding) => finding.id).slice(1)) });
    expect(summary(report.findings)).toEqual(['src/a.ts:1 sample-global-eval']);
    expect(report.omitted.baseline).toBe(first.current.length - 1);
  });
});
