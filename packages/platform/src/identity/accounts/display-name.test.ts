import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { acceptableDisplayName, DISPLAY_NAME_PATTERN, displayNameSchema } from './display-name.js';

const hostile: [string, string][] = [
  ['ANSI escape', 'Ada \u001b[31mred\u001b[0m'],
  ['CR/LF', 'Ada\r\nAdmin: yes'],
  ['NUL', 'Ada\u0000'],
  ['C1 control (CSI)', 'Ada\u009b31m'],
  ['DEL', 'Ada\u007f'],
  ['bidi override', 'Ada \u202egnp.exe'],
  ['bidi isolate', 'Ada \u2066x\u2069'],
  ['line separator', 'Ada\u2028Lovelace'],
  ['BOM inside', 'Ada\ufeffLovelace'],
  ['lone high surrogate', 'Ada \ud800'],
  ['lone low surrogate', 'Ada \udc00 x'],
  ['only white space', ' \t '],
  ['empty', ''],
  ['101 characters', 'a'.repeat(101)],
];

const fine: string[] = ['Ada Lovelace', 'Zoë Ñúñez', '李小龍', 'محمد', 'Ada \u{1F680}', 'a'.repeat(100), '\u{1F680}'.repeat(100), "O'Brien-Smith"];

describe('acceptableDisplayName (the domain rule)', () => {
  it.each(hostile)('refuses %s', (_, value) => {
    expect(acceptableDisplayName(value)).toBeUndefined();
  });

  it.each(fine)('accepts %j', (value) => {
    expect(acceptableDisplayName(value)).toBe(value);
  });

  it('trims surrounding white space before storing', () => {
    expect(acceptableDisplayName('  Ada  ')).toBe('Ada');
  });
});

describe('displayNameSchema (the route rule) agrees with the domain rule', () => {
  // Ajv as guard compiles bodies (unicode regexps on, the default), and without the `u` flag.
  const withUnicode = new Ajv({ strict: true }).compile(displayNameSchema);
  const withoutUnicode = new Ajv({ strict: true, unicodeRegExp: false }).compile(displayNameSchema);

  it.each(hostile)('refuses %s', (_, value) => {
    expect(withUnicode(value)).toBe(false);
    expect(withoutUnicode(value)).toBe(false);
  });

  it.each(fine)('accepts %j', (value) => {
    expect(withUnicode(value)).toBe(true);
    expect(new RegExp(DISPLAY_NAME_PATTERN).test(value)).toBe(true);
  });
});
