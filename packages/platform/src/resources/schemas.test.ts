// The request schemas on their own, compiled by Ajv as strictly as guard compiles them (no
// coercion of bodies, no removal of extra fields): hostile values are refused here, before
// a handler or the database sees them.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { courseInput, displayName, idParams, importBody, importDocument } from './schemas.js';

const ajv = new Ajv({ strict: true, allErrors: false, removeAdditional: false, useDefaults: false, coerceTypes: false });
const validName = ajv.compile({ type: 'object', additionalProperties: false, required: ['n'], properties: { n: displayName } });
const validCourse = ajv.compile(courseInput);
const validId = ajv.compile(idParams);
const validImport = ajv.compile(importBody);

describe('displayName', () => {
  it.each(['Ada', 'Zoë Ångström', '李小龍', 'a'.repeat(100), 'two  spaces'])('accepts %j', (n) => {
    expect(validName({ n })).toBe(true);
  });
  it.each(['', ' ', '\t\n', 'a\u0000b', 'bell\u0007', 'del\u007f', 'a'.repeat(101), 'line\nbreak'])('refuses %j', (n) => {
    expect(validName({ n })).toBe(false);
  });
  it('refuses non-strings and extra fields', () => {
    expect(validName({ n: 42 })).toBe(false);
    expect(validName({ n: ['x'] })).toBe(false);
    expect(validName({ n: 'ok', role: 'admin' })).toBe(false);
  });
});

describe('courseInput', () => {
  it('accepts a full course and a title-only course', () => {
    expect(validCourse({ title: 'T', description: 'line one\nline two\ttab', priceCents: 0, currency: 'EUR' })).toBe(true);
    expect(validCourse({ title: 'T' })).toBe(true);
  });
  it.each([
    { title: 'T', priceCents: -1 },
    { title: 'T', priceCents: 1.5 },
    { title: 'T', priceCents: '100' },
    { title: 'T', priceCents: 100_000_001 },
    { title: 'T', currency: 'eur' },
    { title: 'T', currency: 'EURO' },
    { title: 'T', description: 'nul\u0000byte' },
    { title: 'T', description: 'x'.repeat(5001) },
    { title: 'T', id: '00000000-0000-0000-0000-000000000000' },
    { title: 'T', createdBy: 'someone' },
    { description: 'no title' },
  ])('refuses %j', (body) => {
    expect(validCourse(body)).toBe(false);
  });
});

describe('idParams', () => {
  it('accepts a UUID in either case', () => {
    expect(validId({ id: '3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f' })).toBe(true);
    expect(validId({ id: '3F2B8C1E-9D4A-4C6B-8E2F-1A2B3C4D5E6F' })).toBe(true);
  });
  it.each(['1', "1' OR '1'='1", '../etc/passwd', '3f2b8c1e9d4a4c6b8e2f1a2b3c4d5e6f', '3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f0', ''])(
    'refuses %j',
    (id) => {
      expect(validId({ id })).toBe(false);
    },
  );
});

describe('importBody', () => {
  it('needs at least one course and at most the maximum', () => {
    expect(validImport({ courses: [{ title: 'A' }] })).toBe(true);
    expect(validImport({ courses: [] })).toBe(false);
    expect(validImport({ courses: Array.from({ length: 1001 }, () => ({ title: 'A' })) })).toBe(false);
    expect(validImport({ courses: [{ title: 'A' }], extra: true })).toBe(false);
    expect(validImport([{ title: 'A' }])).toBe(false);
  });

  it('takes a URL instead of the courses, never both and never neither', () => {
    expect(validImport({ url: 'https://example.com/courses.json' })).toBe(true);
    expect(validImport({ url: '' })).toBe(false);
    expect(validImport({ url: `https://example.com/${'x'.repeat(2048)}` })).toBe(false);
    expect(validImport({ url: 42 })).toBe(false);
    expect(validImport({ url: 'https://example.com/', courses: [{ title: 'A' }] })).toBe(false);
    expect(validImport({})).toBe(false);
  });
});

describe('importDocument', () => {
  const validDocument = ajv.compile(importDocument);
  it('is the courses form only', () => {
    expect(validDocument({ courses: [{ title: 'A' }] })).toBe(true);
    expect(validDocument({ url: 'https://example.com/' })).toBe(false);
    expect(validDocument({ courses: [{ title: 'A', extra: 1 }] })).toBe(false);
  });
});
