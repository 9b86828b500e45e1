import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  it('shows control characters, ESC included, as ?', () => {
    expect(printable('ok\u001b[31mred\u001b[0m')).toBe('ok?[31mred?[0m');
    expect(printable('a\r\nb\u0000c\u009bd\u007f')).toBe('a??b?c?d?');
  });

  it('shows bidirectional controls as ? (they reorder what the reader sees)', () => {
    expect(printable('file\u202egnp.exe')).toBe('file?gnp.exe');
    expect(printable('\u2066x\u2069\u200e\u061c')).toBe('?x???');
  });

  it('keeps every other character, astral ones included', () => {
    expect(printable('Zoë 李 \u{1F680} tab-free')).toBe('Zoë 李 \u{1F680} tab-free');
  });
});
