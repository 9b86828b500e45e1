import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optionTable } from '../args/options.js';
import { allRules } from '../rules/index.js';
import { runnerChecks } from '../runner/catalogue.js';
import { renderDocs } from './render.js';

const committed = readFileSync(new URL('../../../../docs/scan.md', import.meta.url), 'utf8');

describe('docs/scan.md', () => {
  it('is up to date with the rules and the options (run `npm run docs:scan` to regenerate)', () => {
    expect(committed === renderDocs(), 'docs/scan.md is out of date: run `npm run docs:scan`').toBe(true);
  });

  it('has a section for every rule and runner check, and every option', () => {
    const docs = renderDocs();
    for (const meta of [...allRules.map((rule) => rule.meta), ...runnerChecks]) {
      expect(docs).toContain(`### \`${meta.id}\`: ${meta.name}`);
      expect(docs).toContain(meta.fix);
    }
    for (const spec of Object.values(optionTable)) expect(docs).toContain(`\`${spec.flag}`);
    expect(docs).not.toMatch(/\{\{[a-z-]+\}\}/);
  });
});
