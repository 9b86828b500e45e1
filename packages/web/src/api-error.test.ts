import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorOf, asApiError } from './api-error.js';

describe('apiErrorOf', () => {
  it('takes code, message and reference from the platform error body', () => {
    const error = apiErrorOf(500, { error: 'internal', message: 'internal error', reference: '3f2b8c1e-0000-4000-8000-000000000000' });
    expect(error).toMatchObject({ status: 500, code: 'internal', message: 'internal error', reference: '3f2b8c1e-0000-4000-8000-000000000000' });
  });

  it('falls back to generic text for a body that is not the platform shape (never shows it raw)', () => {
    expect(apiErrorOf(502, '<html>bad gateway</html>')).toMatchObject({ code: 'http_502', message: 'The request failed.', reference: undefined });
    expect(apiErrorOf(400, { error: 42, message: 'x'.repeat(501) })).toMatchObject({ code: 'http_400', message: 'The request failed.' });
  });

  it('turns a network failure into a showable error', () => {
    expect(asApiError(new TypeError('fetch failed'))).toMatchObject({ status: 0, code: 'network_error' });
    const original = new ApiError(404, 'not_found', 'not found', undefined);
    expect(asApiError(original)).toBe(original);
  });
});
