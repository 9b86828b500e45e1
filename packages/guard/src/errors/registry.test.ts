import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GuardError } from './guard-error.js';
import { BUILTIN_ERROR_CODES, ErrorCodeDefinitionError, defineErrorCodes, errorCodeLookup, errorCodeTableProblems } from './code-table.js';
import { GUARD_ERROR_CODES } from './registry.js';

const docs = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

describe('error registry', () => {
  it.each(Object.entries(GUARD_ERROR_CODES))('%s is documented in docs/errors.md with its status and wire code', (code, definition) => {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
    expect(row).toContain(`| ${definition.status} |`);
    expect(row).toContain(`\`${definition.error}\``);
  });

  it('uses the RAMPART_ERR_<AREA>_<WHAT> shape and generic 5xx messages', () => {
    for (const [code, definition] of Object.entries(GUARD_ERROR_CODES)) {
      expect(code).toMatch(/^RAMPART_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)+$/);
      expect(definition.error).toMatch(/^[a-z][a-z0-9_]*$/);
      if (definition.status >= 500) expect(definition.message).not.toMatch(/stack|sql|fastify|node/i);
    }
  });

  it('defines typed references without registering anything', () => {
    const codes = defineErrorCodes({
      NOTE_NOT_FOUND: { status: 404, error: 'note_not_found', message: 'note not found' },
    });
    expect(codes.NOTE_NOT_FOUND).toEqual({ code: 'NOTE_NOT_FOUND', status: 404, error: 'note_not_found', message: 'note not found' });
    expect(Object.isFrozen(codes.NOTE_NOT_FOUND)).toBe(true);
    const error = new GuardError(codes.NOTE_NOT_FOUND);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('NOTE_NOT_FOUND');
    // Nothing global: a server that does not pass the table does not know the code.
    expect(BUILTIN_ERROR_CODES.has('NOTE_NOT_FOUND')).toBe(false);
    expect(errorCodeLookup(codes).get('NOTE_NOT_FOUND')).toEqual({ status: 404, error: 'note_not_found', message: 'note not found' });
  });

  it.each([
    ['a name that is not UPPER_SNAKE_CASE', { invalid_code: { status: 400, error: 'x', message: 'x' } }, 'must be UPPER_SNAKE_CASE'],
    ['a non-error status', { APP_OK: { status: 200, error: 'ok', message: 'ok' } }, 'status: must be an integer from 400 to 599'],
    ['a wire code that is not snake_case', { APP_X: { status: 400, error: 'Bad-Thing', message: 'x' } }, 'must be snake_case'],
    ['a message with a placeholder', { APP_X: { status: 400, error: 'x', message: 'note %s not found' } }, 'generic text'],
    ['a message with markup', { APP_X: { status: 400, error: 'x', message: '<b>no</b>' } }, 'generic text'],
    ['one of guard\'s own codes', { RAMPART_ERR_HTTP_NOT_FOUND: { status: 410, error: 'gone', message: 'gone' } }, "one of guard's own codes"],
    ['an unknown entry key', { APP_X: { status: 400, error: 'x', message: 'x', detail: 'y' } }, 'APP_X.detail: unknown key'],
  ])('refuses %s', (_name, codes, message) => {
    expect(() => defineErrorCodes(codes as never)).toThrow(ErrorCodeDefinitionError);
    expect(() => defineErrorCodes(codes as never)).toThrow(message);
  });

  it('lists every problem of a table at once', () => {
    expect(
      errorCodeTableProblems({ A_B: { status: 99, error: 'A', message: '' }, lower: { status: 400, error: 'x', message: 'x' } }),
    ).toHaveLength(4);
  });

  it('gives GuardError a literal code, a cause and the registry status', () => {
    const cause = new Error('redis down');
    const error = new GuardError('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE', { cause, retryAfterSeconds: 5 });
    expect(error.code).toBe('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE');
    expect(error.cause).toBe(cause);
    expect(error.statusCode).toBe(503);
    expect(error.retryAfterSeconds).toBe(5);
    expect(error.message).toBe('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE: service unavailable');
    // Only possible from JavaScript or through a cast: the constructor's type refuses it.
    expect(new GuardError('RAMPART_ERR_NOBODY_DEFINED_THIS' as 'RAMPART_ERR_INTERNAL_ERROR').statusCode).toBe(500);
    expect(new GuardError({ code: 'X' } as never).message).toBe('X: unknown error code');
  });
});
