import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../runner/report.js';
import { relativeLocation, renderSarif } from './sarif.js';
import { sampleReport } from './test-support/sample-report.js';
import { validateSarif as validate } from '../../../../test-support/sarif/validator.js';

describe('relativeLocation', () => {
  it.each([
    ['https://api.example.com/v1/users?id=1', 'api.example.com/v1/users?id=1'],
    ['http://127.0.0.1:3000/', '127.0.0.1%3A3000/'],
    ['http://[::1]:8080/x', '%5B%3A%3A1%5D%3A8080/x'],
  ])('%s -> %s (a relative reference, no scheme for GitHub to reject)', (url, expected) => {
    expect(relativeLocation(url)).toBe(expected);
    expect(new URL(relativeLocation(url), 'file:///repo/').protocol).toBe('file:');
  });
});

describe('renderSarif', () => {
  const log = JSON.parse(renderSarif(sampleReport));
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the schema catches a broken log (the validator is not a no-op)', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  it('has one rule per check with help text that includes the fix', () => {
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['headers', 'cors', 'banners']);
    const cors = run.tool.driver.rules[1];
    expect(cors.help.text).toContain('Sends foreign origins.');
    expect(cors.help.text).toContain('- Allow a fixed list of origins.');
    expect(cors.properties['security-severity']).toBe('9.5');
  });

  it('maps verdicts to levels, leaves out PASS and N/A, and locates results at the probed URL', () => {
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['headers', 'warning'],
      ['cors', 'error'],
      ['cors', 'note'],
    ]);
    expect(run.results[2].locations[0].physicalLocation.artifactLocation.uri).toBe('127.0.0.1%3A3000/public');
    expect(run.results[2].locations[0].logicalLocations[0].fullyQualifiedName).toBe('http://127.0.0.1:3000/public');
    expect(run.results[2].message.text).toContain('(http://127.0.0.1:3000/public)');
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
  });

  it('gives every result a stable fingerprint', () => {
    const again = JSON.parse(renderSarif(sampleReport)).runs[0];
    expect(again.results.map((r: { partialFingerprints: object }) => r.partialFingerprints)).toEqual(
      run.results.map((r: { partialFingerprints: object }) => r.partialFingerprints),
    );
    expect(new Set(run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['rampartFinding/v1'])).size).toBe(3);
  });

  it('reports a check that could not finish as a tool notification', () => {
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('banners could not finish');
  });

  it('a clean report is valid too', () => {
    const clean: AuditReport = { ...sampleReport, results: [], summary: { pass: 0, info: 0, warn: 0, fail: 0, na: 0 }, score: 100 };
    const cleanLog = JSON.parse(renderSarif(clean));
    expect(validate(cleanLog), JSON.stringify(validate.errors)).toBe(true);
    expect(cleanLog.runs[0].results).toEqual([]);
  });
});
