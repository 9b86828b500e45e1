// Ajv validator for the SARIF 2.1.0 schema (draft-04) kept beside it (source in README.md); shared by the audit, scan and deps reporters' tests.
import { readFileSync } from 'node:fs';
import type { Ajv as AjvInstance } from 'ajv';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

// Both packages are CommonJS; under NodeNext their default export is the module object.
const Ajv04 = Ajv04Module as unknown as new (options: object) => AjvInstance;
const addFormats = addFormatsModule as unknown as (ajv: AjvInstance) => AjvInstance;

const schema: object = JSON.parse(readFileSync(new URL('./sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'));

// unicodeRegExp off: one pattern in the official schema (language tags) is not valid with the u flag.
export const validateSarif = addFormats(new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false })).compile(schema);

/** What is wrong with `log` as a SARIF 2.1.0 log, as text; '' when it is valid:
 * `expect(sarifProblems(log)).toBe('')` shows every problem when it fails. */
export function sarifProblems(log: unknown): string {
  return validateSarif(log) ? '' : JSON.stringify(validateSarif.errors, null, 2);
}
