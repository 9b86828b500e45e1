import { describe, expect, it } from 'vitest';
import { renderText } from './text.js';
import { sampleReport } from './test-support/sample-report.js';

const ESC = String.fromCharCode(27);
const stripAnsi = (text: string) => text.split(ESC).map((part, index) => (index === 0 ? part : part.replace(/^\[[0-9;]*m/, ''))).join('');

describe('renderText', () => {
  const plain = renderText(sampleReport, { color: false });

  it('groups findings by OWASP category in A01..A10 order', () => {
    const a01 = plain.indexOf('A01:2021-Broken Access Control');
    const a05 = plain.indexOf('A05:2021-Security Misconfiguration');
    expect(a01).toBeGreaterThan(0);
    expect(a05).toBeGreaterThan(a01);
    expect(plain.indexOf('Origin reflected with credentials')).toBeGreaterThan(a01);
    expect(plain.indexOf('Origin reflected with credentials')).toBeLessThan(a05);
  });

  it('prints the fix under WARN and FAIL only', () => {
    const lines = plain.split('\n');
    const failLine = lines.findIndex((line) => line.includes('FAIL   cors'));
    expect(lines[failLine]).toContain('[critical]');
    expect(lines[failLine + 2]).toMatch(/^\s+fix: Allow a fixed list of origins\.$/);
    const passLine = lines.findIndex((line) => line.includes('PASS   headers'));
    expect(lines[passLine + 2]).not.toContain('fix:');
    expect(plain.match(/fix: /g)).toHaveLength(2);
  });

  it('shows the checks that could not finish', () => {
    expect(plain).toContain('ERROR  banners   Version banners: could not finish (request budget of 300 requests exhausted)');
  });

  it('ends with the score line', () => {
    expect(plain.trimEnd().split('\n').at(-1)).toBe(
      'Score 29/100: 1 fail, 1 warn, 1 info, 1 pass, 1 n/a, 1 check could not finish',
    );
  });

  it('has no colour codes unless asked, and colours verdicts when asked', () => {
    expect(plain).not.toContain(ESC);
    const coloured = renderText(sampleReport, { color: true });
    expect(coloured).toContain('\u001b[31;1mFAIL \u001b[0m');
    expect(stripAnsi(coloured)).toBe(plain);
  });
});

describe('renderText notes', () => {
  it('prints report notes before the findings', () => {
    const text = renderText({ ...sampleReport, notes: ['The target answered 301 with Location: /login.'] }, { color: false });
    expect(text.split('\n')[2]).toBe('note: The target answered 301 with Location: /login.');
  });
});

describe('renderText with hostile target text', () => {
  it('neutralises terminal control sequences that came from the target', () => {
    const hostile = {
      ...sampleReport,
      results: [
        {
          check: sampleReport.results[0]!.check,
          findings: [{ verdict: 'WARN' as const, title: 'Server', detail: `server: evil${ESC}]0;pwned${String.fromCharCode(7)}\r\nFAKE PASS`, url: 'http://t/', fix: 'fix' }],
        },
      ],
    };
    const text = renderText(hostile, { color: false });
    expect(text).not.toContain(ESC);
    expect(text).toContain('server: evil?]0;pwned???FAKE PASS');
  });
});

describe('renderText --quiet', () => {
  const quiet = renderText({ ...sampleReport, notes: ['The target URL itself answered 404.'] }, { color: false, quiet: true });
  const lines = quiet.trimEnd().split('\n');

  it('prints only WARN and FAIL findings (with their fixes), errors, notes and the score line', () => {
    const verdictLines = lines.filter((line) => /^ {2}(PASS|INFO|WARN|FAIL|N\/A|ERROR)\b/.test(line)).map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '));
    expect(verdictLines).toEqual(['FAIL cors', 'WARN headers', 'ERROR banners']);
    expect(quiet).toContain('fix: Allow a fixed list of origins.');
    expect(quiet).not.toContain('Wildcard origin'); // the INFO
    expect(quiet).not.toContain('nosniff'); // the PASS
    expect(quiet).toContain('note: The target URL itself answered 404.');
    expect(quiet).not.toContain('requests in'); // no banner
    expect(lines[0]).toBe('note: The target URL itself answered 404.');
    expect(lines.at(-1)).toBe('Score 29/100: 1 fail, 1 warn, 1 info, 1 pass, 1 n/a, 1 check could not finish');
  });

  it('starts with its first finding when there is no note', () => {
    const text = renderText(sampleReport, { color: false, quiet: true });
    expect(text.split('\n')[0]).toBe('A01:2021-Broken Access Control');
  });

  it('leaves out a category with nothing to show', () => {
    const passing = renderText({ ...sampleReport, results: [sampleReport.results[0]!, { ...sampleReport.results[1]!, findings: [sampleReport.results[1]!.findings[1]!] }] }, { color: false, quiet: true });
    expect(passing).not.toContain('A01:2021');
    expect(passing).toContain('A05:2021');
  });
});
