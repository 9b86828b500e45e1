import { describe, expect, it } from 'vitest';
import { dbHelpText, helpText } from './help.js';
import { optionTable } from './options.js';
import { parseArgs } from './parse.js';

function run(argv: string[]) {
  const result = parseArgs(argv);
  if (result.kind !== 'run') throw new Error(`expected run, got ${JSON.stringify(result)}`);
  return result.options;
}

function error(argv: string[]): string {
  const result = parseArgs(argv);
  if (result.kind !== 'usage-error') throw new Error(`expected a usage error, got ${JSON.stringify(result)}`);
  return result.message;
}

describe('parseArgs', () => {
  it('defaults: the working directory, offline, fail on high, text', () => {
    expect(run([])).toMatchObject({ dir: '.', failOn: 'high', format: 'text', online: false, fixAdvice: false, shippedDb: true, nodeCheck: true, policy: true, maxDbAge: 7, omit: [], db: [] });
  });

  it('takes one folder and the value flags in both spellings', () => {
    expect(run(['app', '--fail-on', 'moderate', '--format=sarif', '--output', 'x.sarif'])).toMatchObject({ dir: 'app', failOn: 'moderate', format: 'sarif', output: 'x.sarif' });
  });

  it('accumulates repeatable flags without duplicates', () => {
    expect(run(['--omit', 'dev', '--omit', 'optional', '--omit', 'dev']).omit).toEqual(['dev', 'optional']);
    expect(run(['--db', 'a.zip', '--db', 'b']).db).toEqual(['a.zip', 'b']);
  });

  it('switches set their value and take none', () => {
    expect(run(['--no-shipped-db', '--no-node', '--no-policy', '--no-cache'])).toMatchObject({ shippedDb: false, nodeCheck: false, policy: false, cache: false });
    expect(error(['--online=yes'])).toBe('--online takes no value');
  });

  it('--online implies fix advice; --fix-advice alone stays offline for advisories', () => {
    expect(run(['--online'])).toMatchObject({ online: true, fixAdvice: true });
    expect(run(['--fix-advice'])).toMatchObject({ online: false, fixAdvice: true });
  });

  it('normalises URLs and refuses what is not http(s)', () => {
    expect(run(['--registry', 'http://127.0.0.1:4873/']).registry).toBe('http://127.0.0.1:4873');
    expect(error(['--registry', 'ftp://x'])).toContain('expected an http or https URL');
    expect(error(['--registry', 'nope'])).toContain('is not a URL');
    expect(error(['--online', '--osv-url', 'https://u:p@osv.example'])).toContain('credentials');
    expect(error(['--osv-url', 'https://osv.example'])).toBe('--osv-url is only used with --online');
  });

  it.each([
    [['--fail-on', 'medium'], '--fail-on: expected one of low, moderate, high, critical, got "medium"'],
    [['--omit', 'peer'], '--omit: expected one of dev, optional, got "peer"'],
    [['--max-db-age', '-1'], '--max-db-age: expected a whole number, got "-1"'],
    [['--max-db-age', 'seven'], '--max-db-age: expected a whole number, got "seven"'],
    [['--timeout', '5'], '--timeout: expected a number from 100 to 120000, got 5'],
    [['--format'], '--format needs a value: --format text|json|sarif'],
    [['--format', 'json', '--format', 'text'], '--format was given more than once'],
    [['--fail-onn', 'high'], 'unknown option --fail-onn (did you mean --fail-on?)'],
    [['a', 'b'], 'expected at most one project folder, got 2: a b'],
    [['--node', 'latest'], '--node: expected a Node version such as 20.19.1, got "latest"'],
    [['--node', '20.1.0', '--no-node'], '--node and --no-node contradict each other'],
  ])('%j -> %s', (argv, message) => {
    expect(error(argv)).toBe(message);
  });

  it('--node accepts v-prefixed versions', () => {
    expect(run(['--node', 'v20.11.1']).node).toBe('20.11.1');
  });

  it('help and version win wherever they are', () => {
    expect(parseArgs(['--fail-on', 'bogus', '--help'])).toEqual({ kind: 'help', topic: 'main' });
    expect(parseArgs(['-V'])).toEqual({ kind: 'version' });
    expect(parseArgs(['db', '--help'])).toEqual({ kind: 'help', topic: 'db' });
  });

  it('a folder after -- may start with a dash', () => {
    expect(run(['--', '-odd']).dir).toBe('-odd');
  });
});

describe('parseArgs: db subcommand', () => {
  it('import takes exactly one path', () => {
    const result = parseArgs(['db', 'import', 'osv.zip', '--cache-dir', '/tmp/c']);
    expect(result).toMatchObject({ kind: 'db', command: { action: 'import', path: 'osv.zip', options: { cacheDir: '/tmp/c' } } });
    expect(error(['db', 'import'])).toContain('usage: rampart deps db import PATH');
  });

  it('status, and unknown actions with a suggestion', () => {
    expect(parseArgs(['db', 'status', '--no-shipped-db'])).toMatchObject({ kind: 'db', command: { action: 'status', options: { shippedDb: false } } });
    expect(error(['db', 'stats'])).toBe('unknown db action "stats" (did you mean status?): use import or status');
    expect(error(['db'])).toContain('missing the db action');
  });

  it('refuses options that mean nothing to db', () => {
    expect(error(['db', 'status', '--format', 'json'])).toBe('--format does not apply to `rampart deps db`');
  });
});

describe('help', () => {
  it('lists every flag of the table', () => {
    const text = helpText();
    for (const spec of Object.values(optionTable)) expect(text).toContain(spec.flag);
    expect(text).toContain('Exit codes:');
    expect(dbHelpText()).toContain('rampart deps db import PATH');
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});
