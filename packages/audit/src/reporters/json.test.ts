import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_VERSION, renderJson } from './json.js';
import { sampleReport } from './test-support/sample-report.js';
import { TOOL_VERSION } from './version.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema: object = JSON.parse(readFileSync(new URL('./audit-report.schema.json', import.meta.url), 'utf8'));

describe('renderJson', () => {
  const validate = addFormats(new Ajv({ allErrors: true, strict: true })).compile(schema);
  const document = JSON.parse(renderJson(sampleReport));

  it('matches the documented schema', () => {
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it('leads with schemaVersion and keeps every finding', () => {
    expect(Object.keys(document)[0]).toBe('schemaVersion');
    expect(document.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    expect(document.results[1].findings[0]).toEqual(sampleReport.results[1]?.findings[0]);
    expect(document.results[2].error).toBe('request budget of 300 requests exhausted');
  });

  it('the schema rejects a WARN without a fix and an unknown field', () => {
    const broken = structuredClone(document);
    delete broken.results[0].findings[1].fix;
    expect(validate(broken)).toBe(false);
    expect(validate({ ...document, extra: true })).toBe(false);
  });

  it('carries the target status and a finding\'s spec location, both in the schema', () => {
    const cors = sampleReport.results[1];
    if (cors === undefined) throw new Error('sample report changed');
    const located = {
      ...sampleReport,
      targetStatus: 404,
      results: [{ ...cors, findings: [{ ...cors.findings[0]!, location: { file: 'openapi.yaml', line: 12 } }] }],
    };
    const rendered = JSON.parse(renderJson(located));
    expect(validate(rendered), JSON.stringify(validate.errors)).toBe(true);
    expect(rendered.targetStatus).toBe(404);
    expect(rendered.results[0].findings[0].location).toEqual({ file: 'openapi.yaml', line: 12 });
    rendered.results[0].findings[0].location.line = 0;
    expect(validate(rendered)).toBe(false);
  });

  it('reports the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(document.tool.version).toBe(pkg.version);
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});
