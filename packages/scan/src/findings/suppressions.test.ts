import { describe, expect, it } from 'vitest';
import { LineIndex } from '../engine/line-index.js';
import { parse } from '../engine/parse.js';
import { findSuppressions, parseDirective } from './suppressions.js';

function suppressionsOf(code: string, file = 'a.ts') {
  const lines = new LineIndex(code);
  const parsed = parse(code, file, lines);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return findSuppressions(parsed.comments, lines).map(({ ids, reason, line, target }) => ({ ids, reason, line, target }));
}

describe('parseDirective', () => {
  it.each([
    [' rampart-ignore sql-injection: the id is a UUID checked above', { ids: ['sql-injection'], reason: 'the id is a UUID checked above' }],
    [' rampart-ignore a, b-c: both fine', { ids: ['a', 'b-c'], reason: 'both fine' }],
    [' rampart-ignore sql-injection', { ids: ['sql-injection'], reason: undefined }],
    [' rampart-ignore sql-injection:   ', { ids: ['sql-injection'], reason: undefined }],
    [' rampart-ignore', { ids: [], reason: undefined }],
    [' rampart-ignore: why', { ids: [], reason: undefined }],
    [' rampart-ignore x: reason ', { ids: ['x'], reason: 'reason' }],
  ])('%j', (text, expected) => {
    expect(parseDirective(text)).toEqual(expected);
  });

  it('ignores ordinary comments and look-alikes', () => {
    expect(parseDirective(' see rampart-ignore docs')).toBeUndefined();
    expect(parseDirective(' rampart-ignored x: y')).toBeUndefined();
  });
});

describe('findSuppressions', () => {
  it('applies a trailing comment to its own line and a comment alone on a line to the next line', () => {
    const code = 'a(); // rampart-ignore r1: trailing\n// rampart-ignore r2: before\nb();\n';
    expect(suppressionsOf(code)).toEqual([
      { ids: ['r1'], reason: 'trailing', line: 1, target: 1 },
      { ids: ['r2'], reason: 'before', line: 2, target: 3 },
    ]);
  });

  it('applies stacked comment lines to the first line after them, and reads block comments', () => {
    const code = '  // rampart-ignore r1: one\n  /* rampart-ignore r2: two */\n  c();\n';
    expect(suppressionsOf(code).map((s) => s.target)).toEqual([3, 3]);
  });

  it('treats a JSX comment alone on its line as a comment line', () => {
    const code = 'const el = (\n  <div>\n    {/* rampart-ignore xss-unescaped-html: sanitized by DOMPurify above */}\n    <p dangerouslySetInnerHTML={html} />\n  </div>\n);\n';
    expect(suppressionsOf(code, 'a.tsx')).toEqual([{ ids: ['xss-unescaped-html'], reason: 'sanitized by DOMPurify above', line: 3, target: 4 }]);
  });
});
