// Findings and graphs for unit tests of the runner, ignores and reporters.
import type { ReportedFinding } from '../report.js';

export function advisoryFinding(overrides: Partial<ReportedFinding> = {}): ReportedFinding {
  return {
    kind: 'advisory',
    id: 'GHSA-hrpp-h998-j3pp',
    aliases: ['CVE-2022-24999'],
    title: 'qs vulnerable to Prototype Pollution',
    severity: 'high',
    package: 'qs',
    version: '6.5.1',
    key: 'node_modules/qs',
    paths: [['app', 'express@4.16.0', 'qs@6.5.1']],
    dev: false,
    fixedIn: '6.5.3',
    source: 'test-db',
    url: 'https://github.com/advisories/GHSA-hrpp-h998-j3pp',
    line: 42,
    ...overrides,
  };
}

export function policyFinding(overrides: Partial<ReportedFinding> = {}): ReportedFinding {
  return {
    kind: 'policy',
    id: 'install-script',
    aliases: [],
    title: 'argon2 runs an install script',
    severity: 'moderate',
    package: 'argon2',
    version: '0.44.0',
    key: 'node_modules/argon2',
    paths: [['app', 'argon2@0.44.0']],
    dev: false,
    fix: 'allow it in package.json "allowScripts" after review, or remove it',
    source: 'docs/deps.md#install-script',
    line: 7,
    ...overrides,
  };
}
