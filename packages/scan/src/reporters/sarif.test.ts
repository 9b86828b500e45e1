import { describe, expect, it } from 'vitest';
import { sarifProblems } from '../../../../test-support/sarif/validator.js';
import { fileUri, renderSarif } from './sarif.js';
import { sampleReport } from './test-support/sample-report.js';

describe('renderSarif', () => {
  const log = JSON.parse(renderSarif(sampleReport));
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    expect(sarifProblems(log)).toBe('');
  });

  it('tags every rule with security and its CWE, and gives a security-severity', () => {
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['sql-injection', 'weak-hash']);
    const [sql, hash] = run.tool.driver.rules;
    expect(sql.properties.tags).toEqual(expect.arrayContaining(['security', 'CWE-89']));
    expect(sql.properties['security-severity']).toBe('8.0');
    expect(hash.properties['security-severity']).toBe('5.5');
    expect(sql.help.markdown).toContain('bandit B608');
    expect(sql.name).toBe('SQLBuiltFromStrings');
  });

  it('locates results at relative file URIs with regions and fingerprints', () => {
    const [first, second] = run.results;
    expect(first.ruleId).toBe('sql-injection');
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe('sql-injection');
    expect(first.level).toBe('error');
    expect(first.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'src/routes/users.ts', uriBaseId: '%SRCROOT%' });
    expect(first.locations[0].physicalLocation.region).toMatchObject({ startLine: 12, startColumn: 5, endLine: 12, endColumn: 40 });
    expect(first.partialFingerprints).toEqual({ 'rampartFinding/v1': '0123456789abcdef0123456789abcdef' });
    expect(second.locations[0].physicalLocation.artifactLocation.uri).toBe('src/dir%20with%20space/%C3%BC.js');
  });

  it('reports parse errors as failed-execution notifications', () => {
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('src/broken.ts:2:7');
  });

  it('encodes each path segment', () => {
    expect(fileUri('a b/c#d.ts')).toBe('a%20b/c%23d.ts');
    expect(new URL(fileUri('src/x.ts'), 'file:///repo/').href).toBe('file:///repo/src/x.ts');
  });
});
