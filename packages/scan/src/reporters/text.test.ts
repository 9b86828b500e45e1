import { describe, expect, it } from 'vitest';
import { renderText } from './text.js';
import { sampleReport } from './test-support/sample-report.js';

describe('renderText', () => {
  const plain = renderText(sampleReport, { color: false });

  it('groups by severity, high first, with file:line:column, the code line and the fix', () => {
    expect(plain.indexOf('HIGH (1)')).toBeLessThan(plain.indexOf('MEDIUM (1)'));
    expect(plain).toContain('  src/routes/users.ts:12:5  sql-injection (confidence high, CWE-89)');
    expect(plain).toContain("    > db.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);");
    expect(plain).toContain('    fix: Use query parameters.');
  });

  it('lists parse errors and summarises what is not shown', () => {
    expect(plain).toContain('NOT CHECKED (1): files that could not be parsed, or where a rule failed\n  src/broken.ts:2:7  parse error: Unexpected token');
    expect(plain).toContain('2 findings (1 high, 1 medium); not shown: 2 suppressed, 4 below the thresholds, 1 in the baseline.');
  });

  it('shows control characters of scanned code as escapes, never raw', () => {
    expect(plain).not.toContain('\u001b');
    expect(plain).not.toContain('\u202e');
    expect(plain).toContain("createHash('md5') \\u{1b}[2J\\u{202e}");
  });

  it('colours only when asked', () => {
    expect(renderText(sampleReport, { color: true })).toContain('\u001b[31m');
  });

  it('says so when there is nothing', () => {
    const empty = renderText({ ...sampleReport, findings: [], parseErrors: [] }, { color: false });
    expect(empty).toContain('No findings; not shown:');
  });
});
