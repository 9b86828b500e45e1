import { describe, expect, it } from 'vitest';
import { validationDetail } from './validation-detail.js';

describe('validationDetail', () => {
  it('cuts path segments that could be attacker-chosen keys', () => {
    expect(validationDetail('body', [{ instancePath: '/items/0/<img src=x>', keyword: 'type', params: { type: 'string' } }])).toBe(
      'body/items/0: must be string',
    );
  });

  it('does not echo additional property names', () => {
    const detail = validationDetail('body', [
      { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'isAdmin' } },
    ]);
    expect(detail).toBe('body: contains a field that is not allowed');
    expect(detail).not.toContain('isAdmin');
  });

  it('names schema limits, which come from the schema', () => {
    expect(validationDetail('querystring', [{ instancePath: '/limit', keyword: 'maximum', params: { limit: 100 } }])).toBe(
      'querystring/limit: must be <= 100',
    );
  });

  it('falls back to "request" for an unknown context and a generic rule text', () => {
    expect(validationDetail('evil\r\ncontext', [{ instancePath: '', keyword: 'x-custom keyword' }])).toBe(
      'request: fails rule unknown',
    );
    expect(validationDetail('body', [])).toBe('body: is invalid');
  });
});
