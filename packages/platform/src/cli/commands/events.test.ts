// The pure parts of `rampart events`: ages, flags (each bad one a UsageError, exit 2, that names
// it) and the text lines (printable ASCII only).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../types.js';
import { formatEventsText, parseDuration, parseEventsArgs } from './events.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '1', '1w', '0h', '-1h', '1.5h', '1 h', '9999999d'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
  });
});

describe('parseEventsArgs', () => {
  it('defaults: the last 24 hours, 100 events, text', () => {
    expect(parseEventsArgs([], NOW)).toEqual({ query: { sinceMs: NOW - 86_400_000, limit: 100 }, format: 'text' });
  });

  it('takes every flag', () => {
    expect(parseEventsArgs(['--since', '1h', '--type', 'authz_fail', '--user', 'a@example.test', '--limit', '5', '--format', 'json'], NOW)).toEqual({
      query: { sinceMs: NOW - 3_600_000, limit: 5, type: 'authz_fail', email: 'a@example.test' },
      format: 'json',
    });
  });

  it.each([
    [['--type', 'login_failed'], /login_failed is not an event name/],
    [['--type', 'authn_login_fial'], /did you mean authn_login_fail\?/],
    [['--format', 'yaml'], /--format must be text or json/],
    [['--limit', '0'], /--limit must be a whole number from 1 to 1000/],
    [['--user', 'bob'], /--user takes the email address/],
    [['--since'], /--since needs a value/],
    [['--verbose', 'x'], /unknown option --verbose/],
  ])('%j: usage error %s', (args, message) => {
    expect(() => parseEventsArgs(args, NOW)).toThrow(message);
  });
});

describe('formatEventsText', () => {
  it('one line per event; control characters from stored values become ?', () => {
    const text = formatEventsText([
      { at: '2026-06-01T11:59:00.000Z', event: 'authn_login_fail', userId: 'u1', email: 'a@example.test', detail: { reason: 'wrong_password', requestId: 'r\u001b[31m' } },
      { at: '2026-06-01T11:58:00.000Z', event: 'authz_fail', userId: null, email: null, detail: {} },
    ]);
    expect(text).toBe(
      '2026-06-01T11:59:00.000Z  authn_login_fail            a@example.test  reason=wrong_password  requestId=r?[31m\n' +
        '2026-06-01T11:58:00.000Z  authz_fail                  -\n',
    );
  });

  it('says so when there is nothing', () => {
    expect(formatEventsText([])).toBe('no security events in that time\n');
  });
});
