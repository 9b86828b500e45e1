import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sarifProblems } from '../../../../test-support/sarif/validator.js';
import type { DepsReport } from '../runner/report.js';
import { reporters } from './index.js';
import { JSON_SCHEMA_VERSION, renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import { sampleReport } from './test-support/sample-report.js';
import { advisoryFinding } from '../runner/test-support/findings.js';
import { TOOL_VERSION } from './version.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema: object = JSON.parse(readFileSync(new URL('./deps-report.schema.json', import.meta.url), 'utf8'));
const validateJson = addFormats(new Ajv({ allErrors: true, strict: true })).compile(schema);

const clean: DepsReport = { ...sampleReport, findings: [], ignored: [], expiredIgnores: [], unusedIgnores: [], warnings: [], summary: { low: 0, moderate: 0, high: 0, critical: 0, total: 0, ignored: 0, atOrAboveFailOn: 0 } };

describe('renderJson', () => {
  const document = JSON.parse(renderJson(sampleReport));

  it('matches the documented schema, full and clean', () => {
    expect(validateJson(document), JSON.stringify(validateJson.errors)).toBe(true);
    expect(validateJson(JSON.parse(renderJson(clean))), JSON.stringify(validateJson.errors)).toBe(true);
  });

  it('findings carry package, version, id, aliases, severity, paths, dev, fixedIn and fix', () => {
    expect(document.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    expect(document.findings[0]).toMatchObject({
      package: 'qs', version: '6.5.1', id: 'GHSA-hrpp-h998-j3pp', aliases: ['CVE-2022-24999'], severity: 'high',
      paths: ['app > express@4.16.0 > qs@6.5.1'], dev: false, fixedIn: '6.5.3', fix: 'upgrade express 4.16.0 -> 4.17.3: npm install express@4.17.3',
      advice: { kind: 'upgrade', steps: [{ package: 'express', to: '4.17.3' }] }, cwes: ['CWE-1321'],
    });
    expect(document.findings[1].fixedIn).toBeNull();
    expect(document.ignored[0].ignore).toMatchObject({ id: 'CVE-2024-0001', reason: 'template() is never called with user input', expires: '2027-03-01' });
    expect(document.sources[1]).toMatchObject({ name: 'nodejs-security-wg', newest: '2026-09-01', stale: true });
  });

  it('the schema is not a no-op: it rejects a missing field, an unknown field, a bad severity', () => {
    const broken = structuredClone(document);
    delete broken.findings[0].fixedIn;
    expect(validateJson(broken)).toBe(false);
    expect(validateJson({ ...document, extra: true })).toBe(false);
    const badSeverity = structuredClone(document);
    badSeverity.findings[0].severity = 'medium';
    expect(validateJson(badSeverity)).toBe(false);
  });

  it('reports the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});

describe('renderText', () => {
  const text = renderText(sampleReport, { color: false });

  it('names each database and the date of its newest record', () => {
    expect(text).toContain('database: ghsa: 5,321 records, newest record 2026-11-28, 3 days old');
    expect(text).toContain('newest record 2026-09-01, 91 days old (STALE)');
    expect(text).toContain('warning: database nodejs-security-wg is 91 days old');
  });

  it('groups by severity, worst first, with path, fixed version and fix', () => {
    expect(text.indexOf('HIGH (1)')).toBeLessThan(text.indexOf('MODERATE (1)'));
    expect(text.indexOf('MODERATE (1)')).toBeLessThan(text.indexOf('LOW (1)'));
    expect(text).toContain('      path: app > express@4.16.0 > qs@6.5.1');
    expect(text).toContain('      fixed in: 6.5.3');
    expect(text).toContain('      fix: upgrade express 4.16.0 -> 4.17.3: npm install express@4.17.3');
    expect(text).toContain('debug@2.6.8 (dev)');
  });

  it('lists ignored findings with reason and expiry, expired and unused ignores', () => {
    expect(text).toContain('IGNORED (1)');
    expect(text).toContain('ignored until 2027-03-01: template() is never called with user input');
    expect(text).toContain('GHSA-old expired on 2026-11-01');
    expect(text).toContain('GHSA-gone (.rampart-deps.json ignore[2] (GHSA-gone)): matches no finding; remove it');
    expect(text).toContain('3 findings: 0 critical, 1 high, 1 moderate, 1 low; 1 ignored; 1 finding at or above high.');
  });

  it('no colour unless asked, and never raw control characters from the data', () => {
    expect(text).not.toContain('\u001b');
    expect(text).toContain('debug ReDoS ?[31mred');
    const coloured = renderText(sampleReport, { color: true });
    expect(coloured).toContain('\u001b[31;1mHIGH (1)');
    expect(coloured).not.toContain('\u001b[31mred');
  });

  it('shows the alias a package is installed under', () => {
    const aliased = renderText({ ...sampleReport, findings: [advisoryFinding({ package: 'lodash', version: '4.17.11', alias: 'lodash-old' })] }, { color: false });
    expect(aliased).toContain('lodash@4.17.11 (as lodash-old)');
    expect(JSON.parse(renderJson({ ...sampleReport, findings: [advisoryFinding({ alias: 'qs-alias' })] })).findings[0].alias).toBe('qs-alias');
  });

  it('ends with the to-do list: each command once, how many findings it fixes, Node collapsed to one move', () => {
    const node = (id: string, fixedIn: string) => advisoryFinding({ id, package: 'node', version: '20.19.0', key: 'node:engines', fixedIn, advice: undefined });
    const update = { kind: 'update' as const, fixedIn: '6.5.3', command: 'npm update qs', text: 'npm update qs' };
    const findings = [
      advisoryFinding({ key: 'a', advice: update }),
      advisoryFinding({ key: 'b', id: 'GHSA-other', advice: update }),
      node('NSWG-COR-152', '20.19.2'),
      node('NSWG-COR-164', '20.20.2'),
      node('NSWG-COR-156', '20.20.0'),
    ];
    const text = renderText({ ...sampleReport, findings }, { color: false });
    expect(text).toContain('TO FIX (2 actions)\n  raise "engines": { "node": ">=20.20.2" } in package.json  (3 findings)\n  npm update qs  (2 findings)');
    expect(JSON.parse(renderJson({ ...sampleReport, findings })).actions).toEqual([
      { action: 'raise "engines": { "node": ">=20.20.2" } in package.json', fixes: 3 },
      { action: 'npm update qs', fixes: 2 },
    ]);
  });

  it('a clean report says so', () => {
    expect(renderText(clean, { color: false })).toContain('No findings; 0 ignored; nothing at or above high.');
  });
});

describe('renderSarif', () => {
  const log = JSON.parse(renderSarif(sampleReport));
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 schema, with findings and without', () => {
    expect(sarifProblems(log)).toBe('');
    expect(sarifProblems(JSON.parse(renderSarif(clean)))).toBe('');
  });

  it('locates results at the package entry of the lockfile', () => {
    expect(run.results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'package-lock.json' }, region: { startLine: 42 } });
    expect(run.results[0].message.text).toContain('qs@6.5.1 (app > express@4.16.0 > qs@6.5.1)');
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
  });

  it('a Node core finding on engines points at package.json', () => {
    const node = advisoryFinding({ id: 'NSWG-COR-152', aliases: [], package: 'node', version: '20.19.0', key: 'node:engines', paths: [['node@20.19.0']], file: 'package.json', line: undefined });
    const nodeLog = JSON.parse(renderSarif({ ...sampleReport, findings: [node] }));
    expect(nodeLog.runs[0].results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'package.json' } });
    expect(sarifProblems(nodeLog)).toBe('');
  });

  it('rules carry security tags, CWE ids and security-severity', () => {
    const qs = run.tool.driver.rules[0];
    expect(qs.properties.tags).toEqual(['security', 'vulnerable-dependency', 'CWE-1321']);
    expect(qs.properties['security-severity']).toBe('7.5');
    const policy = run.tool.driver.rules.find((rule: { id: string }) => rule.id === 'install-script');
    expect(policy.properties.tags).toContain('supply-chain');
    expect(policy.properties['security-severity']).toBe('5.5');
  });

  it('ignored findings are suppressed results with the reason, not dropped', () => {
    const ignored = run.results.find((result: { ruleId: string }) => result.ruleId === 'GHSA-ignored-1');
    expect(ignored.suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(ignored.suppressions[0].justification).toContain('template() is never called with user input');
  });

  it('fingerprints are stable across runs and distinct per finding', () => {
    const again = JSON.parse(renderSarif({ ...sampleReport, startedAt: '2027-01-01T00:00:00.000Z' })).runs[0];
    const prints = (r: typeof run) => r.results.map((result: { partialFingerprints: Record<string, string> }) => result.partialFingerprints['rampartDeps/v1']);
    expect(prints(again)).toEqual(prints(run));
    expect(new Set(prints(run)).size).toBe(run.results.length);
  });

  it('the map has one reporter per format', () => {
    expect(Object.keys(reporters).sort()).toEqual(['json', 'sarif', 'text']);
  });
});
