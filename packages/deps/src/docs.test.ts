// docs/deps.md documents every option, policy rule, exit code and JSON field: a test fails when
// one is added without its documentation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optionTable } from './args/options.js';
import { POLICY_RULES } from './policy/index.js';
import { ExitCode } from './runner/exit-code.js';

const docs = readFileSync(new URL('../../../docs/deps.md', import.meta.url), 'utf8');
const schema = JSON.parse(readFileSync(new URL('./reporters/deps-report.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: { finding: { properties: Record<string, unknown> } };
};

describe('docs/deps.md', () => {
  it.each(Object.values(optionTable).map((spec) => spec.flag))('documents %s', (flag) => {
    expect(docs).toContain(`\`${flag}`);
  });

  it.each(POLICY_RULES.map((rule) => rule.id))('has a section for policy rule %s (its findings link to it)', (id) => {
    expect(docs).toContain(`\n### ${id}\n`);
  });

  it.each(Object.values(ExitCode))('documents exit code %i', (code) => {
    expect(docs).toMatch(new RegExp(`\\n\\| ${code} \\|`));
  });

  it.each([...Object.keys(schema.properties), ...Object.keys(schema.definitions.finding.properties)])('mentions JSON field %s', (field) => {
    expect(docs).toContain(`\`${field}`);
  });
});
