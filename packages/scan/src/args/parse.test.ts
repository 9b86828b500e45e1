import { describe, expect, it } from 'vitest';
import { helpText } from './help.js';
import { optionTable } from './options.js';
import { parseArgs, type ParseResult } from './parse.js';

function options(argv: string[]) {
  const result = parseArgs(argv);
  if (result.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(result)}`);
  return result.options;
}
function errorOf(argv: string[]): string {
  const result: ParseResult = parseArgs(argv);
  if (result.kind !== 'usage-error') throw new Error(`expected a usage error, got ${result.kind}`);
  return result.message;
}

describe('parseArgs', () => {
  it('defaults every option and scans the current directory', () => {
    expect(options([])).toEqual({ paths: ['.'], format: 'text', severity: 'medium', confidence: 'medium', skip: [], exclude: [], includeTests: false });
  });

  it('takes several paths, before and after options and after --', () => {
    expect(options(['src', '--format', 'json', 'lib', '--', '--weird-dir']).paths).toEqual(['src', 'lib', '--weird-dir']);
  });

  it.each([
    ['--format', 'sarif', { format: 'sarif' }],
    ['--format', 'html', { format: 'html' }],
    ['--output', 'out.sarif', { output: 'out.sarif' }],
    ['--severity', 'high', { severity: 'high' }],
    ['--confidence', 'low', { confidence: 'low' }],
    ['--skip', 'a,b-c', { skip: ['a', 'b-c'] }],
    ['--only', 'sql-injection', { only: ['sql-injection'] }],
    ['--exclude', 'src/legacy/**', { exclude: ['src/legacy/**'] }],
    ['--config', 'scan.json', { config: 'scan.json' }],
    ['--baseline', 'base.json', { baseline: 'base.json' }],
    ['--write-baseline', 'base.json', { writeBaseline: 'base.json' }],
  ])('%s %s', (flag, value, expected) => {
    expect(options([flag, value])).toMatchObject(expected);
    expect(options([`${flag}=${value}`])).toMatchObject(expected);
  });

  it('covers every option of the table', () => {
    expect(Object.values(optionTable).map((spec) => spec.flag)).toEqual([
      '--format', '--output', '--severity', '--confidence', '--skip', '--only', '--exclude', '--include-tests', '--config', '--baseline', '--write-baseline',
    ]);
  });

  it('reads the --include-tests switch, accumulates repeated lists and drops duplicates', () => {
    expect(options(['--include-tests']).includeTests).toBe(true);
    expect(options(['--skip', 'a,b', '--skip', 'b,c']).skip).toEqual(['a', 'b', 'c']);
    expect(options(['--exclude', 'a/**', '--exclude', 'b']).exclude).toEqual(['a/**', 'b']);
  });

  it('returns help, version and list-rules requests', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['src', '-h', '--format', 'nope'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseArgs(['--list-rules', '--format', 'json'])).toEqual({ kind: 'list-rules' });
  });

  it.each([
    [['--format', 'xml'], '--format: expected one of text, json, sarif, html, got "xml"'],
    [['--severity', 'critical'], '--severity: expected one of low, medium, high, got "critical"'],
    [['--confidence', 'HIGH'], '--confidence: expected one of low, medium, high, got "HIGH"'],
    [['--skip', ','], '--skip: expected rule ids separated by commas, e.g. sql-injection,weak-hash'],
    [['--only', 'Sql_Injection'], '--only: "Sql_Injection" is not a rule id (ids are kebab-case, see --list-rules)'],
    [['--exclude', ''], '--exclude: expected a glob, got an empty string'],
    [['--include-tests=yes'], '--include-tests takes no value'],
    [['--output'], '--output needs a value: --output FILE'],
    [['--format', 'json', '--format', 'text'], '--format was given more than once'],
    [['--only', 'a', '--skip', 'b'], '--only and --skip cannot be combined; use one of them'],
    [['--baseline', 'a', '--write-baseline', 'b'], '--baseline and --write-baseline cannot be combined'],
    [['--formt', 'json'], 'unknown option --formt (did you mean --format?)'],
    [['--include-test'], 'unknown option --include-test (did you mean --include-tests?)'],
    [['--list-rule'], 'unknown option --list-rule (did you mean --list-rules?)'],
    [['--completely-unrelated'], 'unknown option --completely-unrelated'],
  ])('rejects %j', (argv, message) => {
    expect(errorOf(argv)).toBe(message);
  });
});

describe('helpText', () => {
  it('documents every flag, the suppression syntax, the exit codes and examples', () => {
    const text = helpText();
    for (const spec of Object.values(optionTable)) expect(text).toContain(spec.flag);
    expect(text).toMatch(/Usage: rampart scan \[PATH\.\.\.\]/);
    expect(text).toContain('// rampart-ignore sql-injection: ');
    expect(text).toMatch(/2 {2}usage or configuration error, or a file that could not be parsed/);
    expect(text).toContain('rampart scan --baseline');
  });
});
