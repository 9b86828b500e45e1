import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../runner/report.js';
import { fileLocation, relativeLocation, renderSarif } from './sarif.js';
import { sampleReport } from './test-support/sample-report.js';
import { sarifProblems } from '../../../../test-support/sarif/validator.js';

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

describe('fileLocation', () => {
  it.each([
    ['openapi.yaml', 'openapi.yaml'],
    ['./api/openapi.json', 'api/openapi.json'],
    ['api\\v1\\openapi.yaml', 'api/v1/openapi.yaml'],
    ['/srv/app/openapi.yaml', 'file:///srv/app/openapi.yaml'],
  ])('%s -> %s', (file, uri) => {
    expect(fileLocation(file)).toBe(uri);
  });
});

describe('renderSarif', () => {
  const log = JSON.parse(renderSarif(sampleReport));
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    expect(sarifProblems(log)).toBe('');
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

  it('grades each result by its own finding: level and security-severity', () => {
    const graded = run.results.map((r: { ruleId: string; level: string; properties: Record<string, string> }) => [
      r.ruleId,
      r.level,
      r.properties.severity,
      r.properties['security-severity'],
    ]);
    // The cors rule has a critical FAIL and an INFO: the INFO stays low, not the rule's critical.
    expect(graded).toEqual([
      ['headers', 'warning', 'medium', '5.5'],
      ['cors', 'error', 'critical', '9.5'],
      ['cors', 'note', 'low', '3.0'],
    ]);
  });

  it('sets no automationDetails, so the upload category (upload-sarif `category`) is the one used', () => {
    expect(run.automationDetails).toBeUndefined();
  });

  it('locates a finding that carries a spec location at that file and line, fingerprinted by URL', () => {
    const withSpec: AuditReport = structuredClone(sampleReport);
    const cors = withSpec.results[1];
    if (cors === undefined) throw new Error('sample report changed');
    const spec = { file: './api/openapi.yaml', line: 42 };
    const located = { ...withSpec, results: [{ ...cors, findings: cors.findings.map((f) => ({ ...f, location: spec })) }] };
    const specLog = JSON.parse(renderSarif(located));
    expect(sarifProblems(specLog)).toBe('');
    const [first] = specLog.runs[0].results;
    expect(first.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'api/openapi.yaml' }, region: { startLine: 42 } });
    expect(first.locations[0].logicalLocations[0].fullyQualifiedName).toBe('http://127.0.0.1:3000/');
    // The spec line is not part of the identity: moving the operation keeps the alert.
    const moved = JSON.parse(renderSarif({ ...located, results: [{ ...cors, findings: cors.findings.map((f) => ({ ...f, location: { ...spec, line: 80 } })) }] }));
    expect(moved.runs[0].results[0].partialFingerprints).toEqual(first.partialFingerprints);
    expect(first.partialFingerprints).toEqual(run.results[1].partialFingerprints);
  });

  it('keeps the random not-found path out of locations and fingerprints', () => {
    const at = (url: string): AuditReport => ({
      ...sampleReport,
      results: [{ check: sampleReport.results[0]!.check, findings: [{ verdict: 'WARN', title: 'x', detail: 'd', url, fix: 'f' }] }],
    });
    const a = JSON.parse(renderSarif(at('http://127.0.0.1:3000/rampart-audit-0123456789abcdef'))).runs[0].results[0];
    const b = JSON.parse(renderSarif(at('http://127.0.0.1:3000/rampart-audit-fedcba9876543210'))).runs[0].results[0];
    expect(a.partialFingerprints).toEqual(b.partialFingerprints);
    expect(a.locations).toEqual(b.locations);
    expect(a.locations[0].physicalLocation.artifactLocation.uri).toBe('127.0.0.1%3A3000/rampart-audit-%7Brandom%7D');
    expect(a.message.text).toContain('rampart-audit-0123456789abcdef'); // the message still says what was sent
  });

  it('reports a check that could not finish as a tool notification', () => {
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('banners could not finish');
  });

  it('a clean report is valid too', () => {
    const clean: AuditReport = { ...sampleReport, results: [], summary: { pass: 0, info: 0, warn: 0, fail: 0, na: 0 }, score: 100 };
    const cleanLog = JSON.parse(renderSarif(clean));
    expect(sarifProblems(cleanLog)).toBe('');
    expect(cleanLog.runs[0].results).toEqual([]);
  });
});
