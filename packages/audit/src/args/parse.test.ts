import { describe, expect, it } from 'vitest';
import { helpText } from './help.js';
import { optionTable, standaloneFlags } from './options.js';
import { parseArgs, type ParseResult } from './parse.js';

const T = 'http://127.0.0.1:3000/api';

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
  it('defaults every option when only the URL is given', () => {
    expect(options([T])).toEqual({
      target: new URL(T),
      format: 'text',
      failOn: 'fail',
      headers: {},
      timeout: 5000,
      concurrency: 4,
      env: 'production',
      quiet: false,
      // spec-driven audit
      paths: [],
      auth: {},
      authCmd: {},
      ids: {},
      active: false,
      allowDestructive: false,
      dryRun: false,
    });
  });

  it.each([
    ['--format', 'sarif', { format: 'sarif' }],
    ['--format', 'json', { format: 'json' }],
    ['--output', 'out.sarif', { output: 'out.sarif' }],
    ['--fail-on', 'warn', { failOn: 'warn' }],
    ['--fail-on', 'info', { failOn: 'info' }],
    ['--config', 'audit.json', { config: 'audit.json' }],
    ['--login', '/auth/login', { login: '/auth/login' }],
    ['--header', 'Authorization: Bearer a:b', { headers: { Authorization: 'Bearer a:b' } }],
    ['--timeout', '2500', { timeout: 2500 }],
    ['--concurrency', '8', { concurrency: 8 }],
    ['--env', 'development', { env: 'development' }],
    ['--ca', 'ca.pem', { ca: 'ca.pem' }],
    // spec-driven audit
    ['--openapi', 'openapi.yaml', { openapi: 'openapi.yaml' }],
    ['--path', 'POST /api/notes', { paths: ['POST /api/notes'] }],
    ['--paths-file', 'paths.txt', { pathsFile: 'paths.txt' }],
    ['--auth', 'alice=Authorization: Bearer a', { auth: { alice: 'Authorization: Bearer a' } }],
    ['--auth-cmd', 'bob=get-token bob', { authCmd: { bob: 'get-token bob' } }],
    ['--id', 'alice=42', { ids: { alice: ['42'] }, auth: { alice: 'X-Key: k' } }],
    ['--max-requests', '900', { maxRequests: 900 }],
    ['--max-requests-per-operation', '12', { maxRequestsPerOperation: 12 }],
  ])('%s %s', (flag, value, expected) => {
    const identity = flag === '--id' ? ['--auth', 'alice=X-Key: k'] : [];
    expect(options([T, ...identity, flag, value])).toMatchObject(expected);
    expect(options([`${flag}=${value}`, ...identity, T])).toMatchObject(expected);
  });

  it.each([['--active', { active: true }], ['--dry-run', { dryRun: true }]])('switch %s takes no value', (flag, expected) => {
    expect(options([flag, T])).toMatchObject(expected);
  });

  it('--allow-destructive needs --active', () => {
    expect(options([T, '--active', '--allow-destructive'])).toMatchObject({ active: true, allowDestructive: true });
    expect(errorOf([T, '--allow-destructive'])).toBe('--allow-destructive needs --active');
  });

  it('covers every option of the table in the cases above', () => {
    expect(Object.values(optionTable).map((spec) => spec.flag)).toEqual([
      '--format', '--output', '--fail-on', '--config', '--login', '--header', '--timeout', '--concurrency', '--env', '--ca',
      // spec-driven audit
      '--openapi', '--path', '--paths-file', '--auth', '--auth-cmd', '--id', '--active', '--allow-destructive', '--dry-run',
      '--max-requests', '--max-requests-per-operation', '--quiet',
    ]);
  });

  it('--quiet is a switch: no value, anywhere on the line', () => {
    expect(options([T, '--quiet']).quiet).toBe(true);
    expect(options(['--quiet', T, '--format', 'json'])).toMatchObject({ quiet: true, format: 'json' });
    expect(errorOf([T, '--quiet=yes'])).toBe('--quiet takes no value');
    expect(errorOf([T, '--quite'])).toBe('unknown option --quite (did you mean --quiet?)');
  });

  it.each([
    [['--version'], 'version'],
    [['--list-checks'], 'list-checks'],
    [[T, '--list-checks', '--format', 'nope'], 'list-checks'],
    [['--version', '--help'], 'version'],
  ])('%j is a standalone action (%s) that needs no URL', (argv, kind) => {
    expect(parseArgs(argv)).toEqual({ kind });
  });

  it('names the command as the user typed it in the missing-URL message', () => {
    expect(errorOf([])).toBe('missing the target URL: rampart-audit URL [options]');
    const result = parseArgs([], 'rampart audit');
    expect(result).toEqual({ kind: 'usage-error', message: 'missing the target URL: rampart audit URL [options]' });
  });

  it('accumulates repeated --header flags', () => {
    expect(options([T, '--header', 'X-A: 1', '--header', 'X-B:2']).headers).toEqual({ 'X-A': '1', 'X-B': '2' });
  });

  it('returns help for --help and -h, even with other arguments', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs([T, '-h', '--format', 'nope'])).toEqual({ kind: 'help' });
  });

  it('takes a URL after --', () => {
    expect(options(['--', T]).target.href).toBe(T);
  });

  it.each([
    [['--format', 'xml', T], '--format: expected one of text, json, sarif, got "xml"'],
    [['--fail-on', 'error', T], '--fail-on: expected one of info, warn, fail, got "error"'],
    [['--env', 'prod', T], '--env: expected one of production, development, got "prod"'],
    [['--timeout', '1.5', T], '--timeout: expected a whole number, got "1.5"'],
    [['--timeout', '-1', T], '--timeout: expected a whole number, got "-1"'],
    [['--timeout', '10', T], '--timeout: expected a number from 100 to 120000, got 10'],
    [['--concurrency', '0', T], '--concurrency: expected a number from 1 to 32, got 0'],
    [['--concurrency', '1000', T], '--concurrency: expected a number from 1 to 32, got 1000'],
    [['--login', 'auth/login', T], '--login: expected a path starting with "/", got "auth/login"'],
    [['--header', 'NoColon', T], `--header: expected 'Name: value', got "NoColon"`],
    [['--header', ': v', T], `--header: expected 'Name: value', got ": v"`],
    [['--header', 'Bad Name: v', T], `--header: expected 'Name: value', got "Bad Name: v"`],
    [['--header', 'X-A: a\r\nInjected: 1', T], '--header: header X-A has a line break or NUL in its value'],
    [['--output', '', T], '--output: expected a value, got an empty string'],
    [[T, '--format'], '--format needs a value: --format text|json|sarif'],
    [[T, '--format', 'json', '--format', 'text'], '--format was given more than once'],
    [[T, 'http://other'], 'expected one target URL, got 2: http://127.0.0.1:3000/api http://other'],
    [['example.com'], '"example.com" is not a URL; give the full address, e.g. http://127.0.0.1:3000'],
    [['ftp://example.com'], 'the target must be http or https, got ftp:'],
    [['http://user:pw@example.com'], 'put credentials in --header, not in the URL'],
    // spec-driven audit
    [[T, '--active=yes'], '--active takes no value'],
    [[T, '--auth', 'alice'], '--auth: expected NAME=..., with NAME a letter then letters, digits, - or _ (at most 32), got "alice"'],
    [[T, '--auth', 'alice=no header'], `--auth: expected NAME='Header: value', got "alice=no header"`],
    [[T, '--auth', 'a=X: 1', '--auth', 'a=X: 2'], '--auth: identity a was given twice'],
    [[T, '--auth', 'a=X: 1', '--auth-cmd', 'a=echo t'], 'identity a is given with both --auth and --auth-cmd'],
    [[T, '--id', 'carol=1'], '--id carol=...: no identity carol (give it with --auth or --auth-cmd)'],
    [[T, '--path', 'api/notes'], `--path: expected '[METHOD] /path', got "api/notes"`],
    [[T, '--max-requests', '5'], '--max-requests: expected a number from 10 to 50000, got 5'],
  ])('rejects %j', (argv, message) => {
    expect(errorOf(argv)).toBe(message);
  });

  it.each([
    ['--formt', '--format'],
    ['--fail_on', '--fail-on'],
    ['--heder', '--header'],
    ['--concurency', '--concurrency'],
    ['--hepl', '--help'],
  ])('suggests %s -> %s', (typo, suggestion) => {
    expect(errorOf([T, typo, 'x'])).toBe(`unknown option ${typo} (did you mean ${suggestion}?)`);
  });

  it('does not suggest anything for a flag far from every option', () => {
    expect(errorOf([T, '--completely-unrelated'])).toBe('unknown option --completely-unrelated');
  });

  it('drops the fragment of the target', () => {
    expect(options(['https://api.example.com/v1?x=1#frag']).target.href).toBe('https://api.example.com/v1?x=1');
  });
});

describe('helpText', () => {
  it('documents every flag, the exit codes and an example', () => {
    const text = helpText();
    for (const spec of Object.values(optionTable)) expect(text).toContain(spec.flag);
    for (const flag of Object.keys(standaloneFlags)) expect(text).toContain(flag);
    expect(text).toMatch(/3 {2}target unreachable/);
  });

  it.each(['rampart-audit', 'rampart audit'])('names the command as installed: %s', (name) => {
    const text = helpText(name);
    expect(text).toMatch(new RegExp(`^Usage: ${name} URL \\[options\\]`));
    expect(text).toContain(`  ${name} http://127.0.0.1:3000\n`);
    expect(text).not.toContain(name === 'rampart-audit' ? 'rampart audit' : 'rampart-audit');
  });
});
