import { describe, expect, it } from 'vitest';
import { flagUsage, optionNotes, tokenizeArgs } from './args.js';
import type { OptionTableFor } from './args.js';
import { accumulate, integer, nonEmpty, oneOf } from './values.js';

interface Options {
  format: 'text' | 'json';
  tag: readonly string[];
  retries: number;
  online: boolean;
  output?: string;
}

const table: OptionTableFor<Options> = {
  format: { kind: 'value', flag: '--format', valueName: 'text|json', description: 'Format.', defaultText: 'text', parse: oneOf(['text', 'json']) },
  tag: { kind: 'value', flag: '--tag', valueName: 'T', description: 'A tag.', repeatable: true, parse: accumulate(nonEmpty) },
  retries: { kind: 'value', flag: '--retries', valueName: 'N', description: 'Retries.', parse: integer(0, 5) },
  online: { kind: 'switch', flag: '--online', description: 'Go online.', sets: true },
  output: { kind: 'value', flag: '--output', valueName: 'FILE', description: 'Output.', parse: nonEmpty },
};

const run = (argv: string[]) => tokenizeArgs(argv, table, { standalone: ['--help', '--version'] });

describe('tokenizeArgs', () => {
  it('reads values in both spellings, switches, repeatable flags and positionals', () => {
    expect(run(['a', '--format', 'json', '--tag=x', '--tag', 'y', '--tag', 'x', '--online', 'b'])).toEqual({
      values: { format: 'json', tag: ['x', 'y'], online: true },
      positionals: ['a', 'b'],
      standalone: [],
    });
  });

  it('ends the options at --: what follows is positional, even a flag', () => {
    expect(run(['--', '--format', '-'])).toMatchObject({ values: {}, positionals: ['--format', '-'] });
    expect(run(['-'])).toMatchObject({ positionals: ['-'] });
  });

  it('collects standalone flags in order and leaves them to the caller', () => {
    expect(run(['--version', 'x', '--help'])).toMatchObject({ standalone: ['--version', '--help'], positionals: ['x'] });
  });

  it.each([
    [['--formt', 'json'], 'unknown option --formt (did you mean --format?)'],
    [['--verson'], 'unknown option --verson (did you mean --version?)'],
    [['--zzzzzzzz'], 'unknown option --zzzzzzzz'],
    [['--format'], '--format needs a value: --format text|json'],
    [['--format', 'xml'], '--format: expected one of text, json, got "xml"'],
    [['--format', 'json', '--format=text'], '--format was given more than once'],
    [['--online=yes'], '--online takes no value'],
    [['--help=1'], '--help takes no value'],
    [['--retries', '9'], '--retries: expected a number from 0 to 5, got 9'],
    [['--retries', '1e3'], '--retries: expected a whole number, got "1e3"'],
    [['--output', ''], '--output: expected a value, got an empty string'],
  ])('%j is the usage error %j', (argv, message) => {
    expect(run(argv)).toEqual({ error: message });
  });

  it('takes a value that looks like a flag when the flag needs one (as getopt does)', () => {
    expect(run(['--output', '--online'])).toMatchObject({ values: { output: '--online' } });
  });
});

describe('help helpers', () => {
  it('writes a value flag with its value name and a switch alone', () => {
    expect(flagUsage(table.format)).toBe('--format text|json');
    expect(flagUsage(table.online)).toBe('--online');
  });

  it('notes repeatable flags and defaults, quoted as asked', () => {
    expect(optionNotes(table.tag)).toBe('repeatable');
    expect(optionNotes(table.format, (text) => `\`${text}\``)).toBe('default `text`');
    expect(optionNotes(table.online)).toBe('');
  });
});
