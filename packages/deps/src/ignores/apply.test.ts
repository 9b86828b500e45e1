import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse.js';
import { advisoryFinding, policyFinding } from '../runner/test-support/findings.js';
import { applyIgnores, covers } from './apply.js';
import { parsePathPattern, pathMatches } from './entry.js';

const now = new Date('2026-12-01T10:00:00Z');
const entries = (...ignore: Record<string, unknown>[]) =>
  parseConfig({ ignore: ignore.map((extra) => ({ reason: 'reviewed by the team', expires: '2027-03-01', ...extra })) }, 'test', now).ignore;

describe('path patterns', () => {
  it('prefix-match on names, versions optional', () => {
    const path = ['app', 'express@4.16.0', 'qs@6.5.1'];
    expect(pathMatches(parsePathPattern('app > express > qs') ?? [], path)).toBe(true);
    expect(pathMatches(parsePathPattern('app > express') ?? [], path)).toBe(true);
    expect(pathMatches(parsePathPattern('app > express@4.16.0') ?? [], path)).toBe(true);
    expect(pathMatches(parsePathPattern('app > express@4.17.0') ?? [], path)).toBe(false);
    expect(pathMatches(parsePathPattern('express > qs') ?? [], path)).toBe(false);
    expect(pathMatches(parsePathPattern('app > express > qs > x') ?? [], path)).toBe(false);
  });

  it('handles scoped names', () => {
    expect(pathMatches(parsePathPattern('@acme/web > @babel/core@7.1.0') ?? [], ['@acme/web@1.0.0', '@babel/core@7.1.0'])).toBe(true);
    expect(pathMatches(parsePathPattern('@acme/web > @babel/core') ?? [], ['@acme/web', '@babel/corex@7.1.0'])).toBe(false);
  });
});

describe('covers', () => {
  it('matches an advisory by its id or any alias, case-insensitively', () => {
    const finding = advisoryFinding();
    expect(covers(entries({ id: 'GHSA-hrpp-h998-j3pp' })[0]!, finding)).toBe(true);
    expect(covers(entries({ id: 'cve-2022-24999' })[0]!, finding)).toBe(true);
    expect(covers(entries({ id: 'CVE-2022-00000' })[0]!, finding)).toBe(false);
  });

  it('matches a policy finding by rule id and optional package', () => {
    const finding = policyFinding();
    expect(covers(entries({ id: 'install-script' })[0]!, finding)).toBe(true);
    expect(covers(entries({ id: 'install-script', package: 'argon2' })[0]!, finding)).toBe(true);
    expect(covers(entries({ id: 'install-script', package: 'argon2@0.43.0' })[0]!, finding)).toBe(false);
    expect(covers(entries({ id: 'install-script', package: 'esbuild' })[0]!, finding)).toBe(false);
  });

  it('a package may be named by its npm alias', () => {
    const aliased = advisoryFinding({ package: 'lodash', alias: 'lodash-old', version: '4.17.11' });
    expect(covers(entries({ id: 'GHSA-hrpp-h998-j3pp', package: 'lodash-old' })[0]!, aliased)).toBe(true);
    expect(covers(entries({ id: 'GHSA-hrpp-h998-j3pp', package: 'lodash' })[0]!, aliased)).toBe(true);
  });

  it('with paths, covers a copy only when every path to it is covered', () => {
    const twoPaths = advisoryFinding({ paths: [['app', 'express@4.16.0', 'qs@6.5.1'], ['app', 'body-parser@1.18.2', 'qs@6.5.1']] });
    expect(covers(entries({ id: 'CVE-2022-24999', paths: ['app > express'] })[0]!, twoPaths)).toBe(false);
    expect(covers(entries({ id: 'CVE-2022-24999', paths: ['app > express', 'app > body-parser'] })[0]!, twoPaths)).toBe(true);
  });
});

describe('applyIgnores', () => {
  it('splits active and ignored, keeps the entry with the finding, and reports unused entries', () => {
    const findings = [advisoryFinding(), advisoryFinding({ id: 'GHSA-other', aliases: [], package: 'lodash', key: 'node_modules/lodash' }), policyFinding()];
    const [qs, unused, script] = entries({ id: 'CVE-2022-24999' }, { id: 'GHSA-nothing-here' }, { id: 'install-script', package: 'argon2' });
    const outcome = applyIgnores(findings, [qs!, unused!, script!], now);
    expect(outcome.active.map((f) => f.id)).toEqual(['GHSA-other']);
    expect(outcome.ignored.map(({ finding, entry }) => [finding.id, entry.id])).toEqual([
      ['GHSA-hrpp-h998-j3pp', 'CVE-2022-24999'],
      ['install-script', 'install-script'],
    ]);
    expect(outcome.unused.map((entry) => entry.id)).toEqual(['GHSA-nothing-here']);
    expect(outcome.expired).toEqual([]);
  });

  it('an expired entry ignores nothing and lists what it would have covered', () => {
    const [old] = entries({ id: 'GHSA-hrpp-h998-j3pp', expires: '2026-12-01' });
    const outcome = applyIgnores([advisoryFinding()], [old!], now);
    expect(outcome.active).toHaveLength(1);
    expect(outcome.ignored).toEqual([]);
    expect(outcome.expired).toHaveLength(1);
    expect(outcome.expired[0]?.findings.map((f) => f.package)).toEqual(['qs']);
    expect(outcome.unused).toEqual([]);
  });

  it('the day before the expiry the entry still applies', () => {
    const [entry] = entries({ id: 'GHSA-hrpp-h998-j3pp', expires: '2026-12-02' });
    expect(applyIgnores([advisoryFinding()], [entry!], now).ignored).toHaveLength(1);
  });

  it('two entries covering the same finding are both used', () => {
    const both = entries({ id: 'GHSA-hrpp-h998-j3pp' }, { id: 'CVE-2022-24999' });
    expect(applyIgnores([advisoryFinding()], both, now).unused).toEqual([]);
  });
});
