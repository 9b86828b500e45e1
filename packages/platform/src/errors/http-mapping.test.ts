// The one table where domain errors become HTTP: every domain code maps, onto a code guard's
// registration knows, with the status and wire code docs/errors.md promises; the edge keeps the
// domain error as the cause and carries its safe detail and retry hint.
import { GUARD_ERROR_CODES, GuardError, type GuardErrorCode } from '@rampart/guard';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ERROR_CODES } from '../error-codes.js';
import { CLI_ERROR_MESSAGES, cliMessageOf } from './cli-messages.js';
import { HTTP_ERROR_MAPPING, toHttpError, type HttpDomainErrorCode, type HttpMapping } from './http-mapping.js';
import {
  IDENTITY_ERROR_CODES,
  IMPORT_ERROR_CODES,
  ISOLATION_ERROR_CODES,
  OPERATOR_ERROR_CODES,
  RESOURCE_ERROR_CODES,
  STORAGE_ERROR_CODES,
  IdentityError,
  OperatorError,
  ResourceError,
  StorageUnavailableError,
} from './index.js';

const HTTP_CODES: readonly HttpDomainErrorCode[] = [...IDENTITY_ERROR_CODES, ...RESOURCE_ERROR_CODES, ...IMPORT_ERROR_CODES, ...STORAGE_ERROR_CODES, ...ISOLATION_ERROR_CODES];
const registered = new Map<string, { status: number; error: string }>([...Object.entries(GUARD_ERROR_CODES), ...Object.entries(PLATFORM_ERROR_CODES)]);

// A table that leaves a domain code out does not compile.
// @ts-expect-error ERR_SHARED_STATE_UNAVAILABLE (and the rest) missing
const _incomplete: Readonly<Record<HttpDomainErrorCode, HttpMapping>> = { ERR_DATABASE_UNAVAILABLE: { as: 'RAMPART_ERR_INTERNAL_ERROR' } };
void _incomplete;

function codeOf(code: GuardErrorCode): string {
  return typeof code === 'string' ? code : code.code;
}

describe('HTTP_ERROR_MAPPING', () => {
  it('has exactly one row per domain code an HTTP request can meet', () => {
    expect(Object.keys(HTTP_ERROR_MAPPING).sort()).toEqual([...HTTP_CODES].sort());
  });

  it.each(HTTP_CODES)('%s maps onto a code guard is registered with', (code) => {
    expect(registered.has(codeOf(HTTP_ERROR_MAPPING[code].as)), codeOf(HTTP_ERROR_MAPPING[code].as)).toBe(true);
  });

  it('keeps the wire contract: status and wire code of the answers', () => {
    const answer = (error: unknown) => {
      const mapped = toHttpError(error) as GuardError;
      return [registered.get(mapped.code)?.status, registered.get(mapped.code)?.error];
    };
    expect(answer(new IdentityError('ERR_IDENTITY_INVALID_CREDENTIALS'))).toEqual([401, 'invalid_credentials']);
    expect(answer(new IdentityError('ERR_IDENTITY_INVALID_ACCESS_TOKEN'))).toEqual([401, 'invalid_token']);
    expect(answer(new IdentityError('ERR_IDENTITY_NO_LOCAL_ACCOUNT'))).toEqual([404, 'not_found']);
    expect(answer(new IdentityError('ERR_IDENTITY_INVALID_DISPLAY_NAME'))).toEqual([400, 'validation_failed']);
    expect(answer(new ResourceError('ERR_RESOURCE_NOT_FOUND'))).toEqual([404, 'not_found']);
    expect(answer(new StorageUnavailableError('ERR_DATABASE_UNAVAILABLE'))).toEqual([503, 'service_unavailable']);
    expect(answer(new StorageUnavailableError('ERR_SHARED_STATE_UNAVAILABLE'))).toEqual([503, 'service_unavailable']);
  });

  it('a storage outage is never answered with a rate-limit code', () => {
    for (const code of STORAGE_ERROR_CODES) expect(codeOf(HTTP_ERROR_MAPPING[code].as)).not.toMatch(/RATE_LIMIT/);
  });

  it('carries the cause, the safe detail, the retry hint and the headers', () => {
    const weak = new IdentityError('ERR_IDENTITY_WEAK_PASSWORD', { detail: 'at least 15 characters' });
    const mapped = toHttpError(weak, { 'set-cookie': 'a=; Max-Age=0' }) as GuardError;
    expect(mapped).toBeInstanceOf(GuardError);
    expect(mapped).toMatchObject({ code: 'RAMPART_ERR_IDENTITY_WEAK_PASSWORD', detail: 'at least 15 characters', headers: { 'set-cookie': 'a=; Max-Age=0' } });
    expect(mapped.cause).toBe(weak);
    const down = toHttpError(new StorageUnavailableError('ERR_SHARED_STATE_UNAVAILABLE', { retryAfterSeconds: 5 })) as GuardError;
    expect(down.retryAfterSeconds).toBe(5);
    const token = toHttpError(new IdentityError('ERR_IDENTITY_INVALID_ACCESS_TOKEN')) as GuardError;
    expect(token.headers?.['WWW-Authenticate']).toContain('invalid_token');
  });

  it('leaves everything else to guard: an operator error, a crash, a GuardError', () => {
    const operator = new OperatorError('ERR_OPERATOR_NO_SUCH_USER');
    const crash = new Error('boom');
    const guard = new GuardError('RAMPART_ERR_HTTP_NOT_FOUND');
    expect(toHttpError(operator)).toBe(operator);
    expect(toHttpError(crash)).toBe(crash);
    expect(toHttpError(guard)).toBe(guard);
  });
});

describe('CLI_ERROR_MESSAGES', () => {
  it('has a message for every domain code, operator codes included', () => {
    expect(Object.keys(CLI_ERROR_MESSAGES).sort()).toEqual([...HTTP_CODES, ...OPERATOR_ERROR_CODES].sort());
  });

  it('shows the safe detail when there is one, the table message otherwise, nothing for a crash', () => {
    expect(cliMessageOf(new IdentityError('ERR_IDENTITY_WEAK_PASSWORD', { detail: 'at least 15 characters' }))).toBe('at least 15 characters');
    expect(cliMessageOf(new OperatorError('ERR_OPERATOR_NO_SUCH_USER'))).toBe('no user with this email');
    expect(cliMessageOf(new StorageUnavailableError('ERR_DATABASE_UNAVAILABLE'))).toMatch(/database cannot be reached/);
    expect(cliMessageOf(new Error('boom'))).toBeUndefined();
  });
});
