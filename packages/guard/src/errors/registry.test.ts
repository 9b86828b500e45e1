import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GuardError } from './guard-error.js';
import { ErrorCodeDefinitionError, GUARD_ERROR_CODES, defineErrorCodes, lookupErrorCode } from './registry.js';

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

  it('lets the application add codes that GuardError then renders', () => {
    const codes = defineErrorCodes({
      RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS: { status: 401, error: 'invalid_credentials', message: 'invalid credentials' },
    });
    expect(codes.RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS).toBe('RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS');
    expect(lookupErrorCode('RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS')?.status).toBe(401);
    const error = new GuardError(codes.RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS);
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe('RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS');
    // Same values again: allowed (modules may be loaded twice in tests).
    expect(() =>
      defineErrorCodes({
        RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS: { status: 401, error: 'invalid_credentials', message: 'invalid credentials' },
      }),
    ).not.toThrow();
  });

  it.each([
    ['a malformed name', { invalid_code: { status: 400, error: 'x', message: 'x' } }, 'must match RAMPART_ERR_<AREA>_<WHAT>'],
    ['a non-error status', { RAMPART_ERR_APP_OK: { status: 200, error: 'ok', message: 'ok' } }, 'status must be an integer from 400 to 599'],
    ['a wire code that is not snake_case', { RAMPART_ERR_APP_X: { status: 400, error: 'Bad-Thing', message: 'x' } }, 'must be snake_case'],
    ['a redefinition', { RAMPART_ERR_HTTP_NOT_FOUND: { status: 410, error: 'gone', message: 'gone' } }, 'already defined with other values'],
  ])('refuses %s', (_name, codes, message) => {
    expect(() => defineErrorCodes(codes)).toThrow(ErrorCodeDefinitionError);
    expect(() => defineErrorCodes(codes)).toThrow(message);
  });

  it('gives GuardError a literal code, a cause and the registry status', () => {
    const cause = new Error('redis down');
    const error = new GuardError('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE', { cause, retryAfterSeconds: 5 });
    expect(error.code).toBe('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE');
    expect(error.cause).toBe(cause);
    expect(error.statusCode).toBe(503);
    expect(error.retryAfterSeconds).toBe(5);
    expect(error.message).toBe('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE: service unavailable');
    expect(new GuardError('RAMPART_ERR_NOBODY_DEFINED_THIS').statusCode).toBe(500);
  });
});
