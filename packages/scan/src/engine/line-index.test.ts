import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.js';

describe('LineIndex', () => {
  const text = 'ab\ncd\r\nef\u2028gh\n\nlast';
  const index = new LineIndex(text);

  it('locates every offset, asked in any order, like a plain scan does', () => {
    const expected = (offset: number) => {
      const before = text.slice(0, offset).split(/\r\n|[\r\n\u2028\u2029]/);
      return { line: before.length, column: (before.at(-1) ?? '').length };
    };
    // Not between the two characters of a CRLF (it belongs to the line it ends, which the oracle cannot tell).
    const offsets = [...text].map((_, i) => i).filter((i) => !(text[i - 1] === '\r' && text[i] === '\n'));
    for (const offset of [...offsets, ...offsets.reverse(), 0, 12, 3, 9, 1, text.length]) expect(index.locate(offset)).toEqual(expected(offset));
  });

  it('returns line texts without their breaks', () => {
    expect(index.lines()).toEqual(['ab', 'cd', 'ef', 'gh', '', 'last']);
    expect(index.lineCount).toBe(6);
    expect(index.lineText(7)).toBe('');
  });
});
