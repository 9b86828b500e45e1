import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_VERSION, renderJson } from './json.js';
import { sampleReport } from './test-support/sample-report.js';
import { TOOL_VERSION } from './version.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema: object = JSON.parse(readFileSync(new URL('./scan-report.schema.json', import.meta.url), 'utf8'));

describe('renderJson', () => {
  const validate = addFormats(new Ajv({ allErrors: true, strict: true })).compile(schema);
  const document = JSON.parse(renderJson(sampleReport));

  it('matches the documented schema', () => {
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it('leads with schemaVersion, keeps every finding as-is and summarises', () => {
    expect(Object.keys(document)[0]).toBe('schemaVersion');
    expect(document.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    expect(document.findings).toEqual(sampleReport.findings);
    expect(document.summary).toEqual({ findings: 2, high: 1, medium: 1, low: 0, parseErrors: 1, belowThreshold: 4, suppressed: 2, baseline: 1 });
    expect(document.root).toBeUndefined();
  });

  it('the schema rejects a finding without a fix, a bad fingerprint and an unknown field', () => {
    const noFix = structuredClone(document);
    delete noFix.findings[0].fix;
    expect(validate(noFix)).toBe(false);
    const badId = structuredClone(document);
    badId.findings[0].id = 'L12';
    expect(validate(badId)).toBe(false);
    expect(validate({ ...document, extra: true })).toBe(false);
  });

  it('reports the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
    expect(document.tool).toEqual({ name: 'rampart-scan', version: pkg.version });
  });
});
