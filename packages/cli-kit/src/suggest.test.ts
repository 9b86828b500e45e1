import { describe, expect, it } from 'vitest';
import { closest } from './suggest.js';

describe('closest', () => {
  const options = ['--format', '--fail-on', '--header', '--output', '--severity'];

  it.each([
    ['--formt', '--format'],
    ['--fail_on', '--fail-on'],
    ['--heder', '--header'],
    ['--severty', '--severity'],
  ])('suggests %s -> %s', (typo, expected) => {
    expect(closest(typo, options)).toBe(expected);
  });

  it('suggests nothing for a word that is not a typo of any candidate', () => {
    expect(closest('--verbose', options)).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });

  it('allows a third of a long word to be wrong, at least two edits', () => {
    expect(closest('sql-injektion', ['sql-injection', 'ssrf'])).toBe('sql-injection');
    expect(closest('ab', ['xy'])).toBe('xy'); // two edits allowed even for short words
    expect(closest('abc', ['xyz'])).toBeUndefined();
  });
});
