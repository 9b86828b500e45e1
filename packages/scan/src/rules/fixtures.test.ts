// Every fixture under rules/fixtures/ is run through every rule: each `// ruleid:` line must be
// reported by that rule, each `// ok:` line must not be, and any other finding fails the test.
// Each fixture also runs through the CLI's own engine, which must find exactly what ESLint finds.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintWithEngine } from '../test-support/engine-run.js';
import { lintWithEslint } from '../test-support/eslint-run.js';
import { parseAnnotations } from '../test-support/fixture-annotations.js';
import { allRules } from './index.js';

const fixturesDir = new URL('./fixtures/', import.meta.url);
const files = readdirSync(fixturesDir).filter((name) => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(name)).sort();
const known = new Set(allRules.map((rule) => rule.meta.id));

describe.runIf(files.length > 0)('rule fixtures (through ESLint)', () => {
  it.each(files)('%s', (name) => {
    const code = readFileSync(new URL(name, fixturesDir), 'utf8');
    const expectations = parseAnnotations(code);
    for (const expectation of expectations) expect(known, `${name}:${expectation.line}: unknown rule ${expectation.ruleId}`).toContain(expectation.ruleId);
    const found = lintWithEslint(code, name, allRules).map((finding) => `${finding.line} ${finding.ruleId}`);
    const wanted = expectations.filter((e) => e.kind === 'ruleid').map((e) => `${e.line} ${e.ruleId}`);
    const missing = wanted.filter((key) => !found.includes(key));
    const extra = [...new Set(found)].filter((key) => !wanted.includes(key));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });
});

describe.runIf(files.length > 0)('rule fixtures (the CLI engine finds exactly what ESLint finds)', () => {
  it.each(files)('%s', (name) => {
    const code = readFileSync(new URL(name, fixturesDir), 'utf8');
    expect(lintWithEngine(code, name, allRules)).toEqual(lintWithEslint(code, name, allRules));
  });
});

describe('fixture coverage', () => {
  it.each([...known].sort())('%s has at least 5 ruleid and 5 ok fixtures', (id) => {
    const all = files.flatMap((name) => parseAnnotations(readFileSync(new URL(name, fixturesDir), 'utf8')));
    expect(all.filter((e) => e.ruleId === id && e.kind === 'ruleid').length).toBeGreaterThanOrEqual(5);
    expect(all.filter((e) => e.ruleId === id && e.kind === 'ok').length).toBeGreaterThanOrEqual(5);
  });
});
