import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMANDS, helpText, parseArgs, runCli } from './main.js';
import type { CommandEntry } from './main.js';

const noop: CommandEntry['load'] = async () => async () => 0;
const TABLE: Record<string, CommandEntry> = {
  serve: { summary: 'run', usage: '', load: noop },
  'db migrate': { summary: 'migrate', usage: '', load: noop },
  'db provision': { summary: 'provision', usage: '--role R', load: noop },
  users: { summary: 'users', usage: 'add|lock|unlock', load: noop },
};

describe('parseArgs', () => {
  it('finds one-word and two-word commands with their arguments', () => {
    expect(parseArgs(['serve'], TABLE)).toEqual({ kind: 'run', command: 'serve', args: [] });
    expect(parseArgs(['db', 'migrate'], TABLE)).toEqual({ kind: 'run', command: 'db migrate', args: [] });
    expect(parseArgs(['db', 'provision', '--role', 'app'], TABLE)).toEqual({
      kind: 'run',
      command: 'db provision',
      args: ['--role', 'app'],
    });
    expect(parseArgs(['users', 'add', '--email', 'a@b.c'], TABLE)).toEqual({
      kind: 'run',
      command: 'users',
      args: ['add', '--email', 'a@b.c'],
    });
  });

  it('answers help globally and per command', () => {
    expect(parseArgs(['--help'], TABLE)).toEqual({ kind: 'help' });
    expect(parseArgs(['-h'], TABLE)).toEqual({ kind: 'help' });
    expect(parseArgs(['help'], TABLE)).toEqual({ kind: 'help' });
    expect(parseArgs(['db', 'migrate', '--help'], TABLE)).toEqual({ kind: 'help', command: 'db migrate' });
  });

  it('passes --help through to a command that prints its own (audit)', () => {
    expect(parseArgs(['audit', '--help'])).toEqual({ kind: 'run', command: 'audit', args: ['--help'] });
    expect(parseArgs(['serve', '--help'])).toEqual({ kind: 'help', command: 'serve' });
  });

  it('reports usage errors: nothing, unknown, a group without subcommand', () => {
    expect(parseArgs([], TABLE)).toEqual({ kind: 'usage', message: 'no command given' });
    expect(parseArgs(['serv'], TABLE)).toEqual({ kind: 'usage', message: 'unknown command "serve"'.replace('serve', 'serv') });
    expect(parseArgs(['db'], TABLE)).toEqual({ kind: 'usage', message: '"db" needs a subcommand: db migrate, db provision' });
    expect(parseArgs(['db', 'drop'], TABLE)).toMatchObject({ kind: 'usage' });
  });

  it('does not echo control characters or unbounded input back', () => {
    const parsed = parseArgs([`\u001b[31m${'x'.repeat(500)}`], TABLE);
    expect(parsed.kind).toBe('usage');
    const message = (parsed as { message: string }).message;
    expect(message).not.toContain('\u001b');
    expect(message.length).toBeLessThan(80);
  });

  it('the real table has serve and db migrate', () => {
    expect(parseArgs(['serve'])).toMatchObject({ kind: 'run', command: 'serve' });
    expect(parseArgs(['db', 'migrate'])).toMatchObject({ kind: 'run', command: 'db migrate' });
    expect(helpText()).toMatch(/serve\s+run the platform/);
    expect(Object.keys(COMMANDS)).toContain('db migrate');
  });
});

function io() {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: new PassThrough(),
      env: {},
      cwd: '/nonexistent',
    },
    out: () => stdout,
    err: () => stderr,
  };
}

describe('runCli exit codes', () => {
  it('0 with help on stdout', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(0);
    expect(t.out()).toContain('usage: rampart <command>');
    expect(t.out()).toContain('exit codes: 0 success, 1 failure, 2 usage error');
  });

  it('2 for an unknown command and for extra arguments, with usage on stderr', async () => {
    const unknown = io();
    expect(await runCli(['frobnicate'], unknown.io)).toBe(2);
    expect(unknown.err()).toContain('unknown command "frobnicate"');
    const extra = io();
    expect(await runCli(['serve', '--port', '1'], extra.io)).toBe(2);
    expect(extra.err()).toContain('rampart serve: takes no arguments');
  });

  it('1 for a failing command, with the message and no stack', async () => {
    const t = io();
    const code = await runCli(['serve'], { ...t.io, env: { RAMPART_ENV: 'production' } });
    expect(code).toBe(1);
    expect(t.err()).toContain('ALLOWED_HOSTS');
    expect(t.err()).toContain('SECURITY_CONTACT');
    expect(t.err()).not.toMatch(/\bat \S+ \(/);
  });
});
