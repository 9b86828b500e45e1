// One report with every part filled: findings of each kind and severity, an ignored finding, an
// expired and an unused ignore, a stale database.
import type { DepsReport } from '../../runner/report.js';
import { advisoryFinding, policyFinding } from '../../runner/test-support/findings.js';

const qs = advisoryFinding({
  cwes: ['CWE-1321'],
  cvssScore: 7.5,
  fix: 'upgrade express 4.16.0 -> 4.17.3: npm install express@4.17.3',
  advice: { kind: 'upgrade', fixedIn: '6.5.3', steps: [{ package: 'express', from: '4.16.0', to: '4.17.3', command: 'npm install express@4.17.3' }], text: 'upgrade express 4.16.0 -> 4.17.3: npm install express@4.17.3' },
});

export const sampleReport: DepsReport = {
  lockfile: { path: '/work/app/package-lock.json', relativePath: 'package-lock.json', format: 'npm', version: '3' },
  configFile: '/work/app/.rampart-deps.json',
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:00:00.250Z',
  durationMs: 250,
  packages: { audited: 120, total: 400 },
  omitted: ['dev'],
  node: { version: '20.19.1', engines: '>=20.19' },
  online: false,
  sources: [
    { name: 'ghsa', path: '/data/ghsa', records: 5321, newest: '2026-11-28', ageDays: 3, stale: false },
    { name: 'nodejs-security-wg', path: '/data/nswg', records: 300, newest: '2026-09-01', ageDays: 91, stale: true },
  ],
  warnings: ['database nodejs-security-wg is 91 days old (newest record 2026-09-01), over --max-db-age 7'],
  failOn: 'high',
  findings: [
    qs,
    advisoryFinding({ id: 'GHSA-low-1', aliases: [], title: 'debug ReDoS \u001b[31mred', severity: 'low', package: 'debug', version: '2.6.8', key: 'node_modules/debug', paths: [['app', 'debug@2.6.8']], dev: true, fixedIn: undefined, url: undefined, line: 30 }),
    policyFinding(),
  ],
  ignored: [
    {
      finding: advisoryFinding({ id: 'GHSA-ignored-1', aliases: ['CVE-2024-0001'], severity: 'critical', package: 'lodash', version: '4.17.11', key: 'node_modules/lodash', line: 60 }),
      ignore: { id: 'CVE-2024-0001', reason: 'template() is never called with user input', expires: '2027-03-01', where: '.rampart-deps.json ignore[0] (CVE-2024-0001)' },
    },
  ],
  expiredIgnores: [{ ignore: { id: 'GHSA-old', reason: 'waiting for upstream', expires: '2026-11-01', where: '.rampart-deps.json ignore[1] (GHSA-old)' }, findings: [] }],
  unusedIgnores: [{ id: 'GHSA-gone', reason: 'fixed already', expires: '2027-01-01', where: '.rampart-deps.json ignore[2] (GHSA-gone)' }],
  summary: { low: 1, moderate: 1, high: 1, critical: 0, total: 3, ignored: 1, atOrAboveFailOn: 1 },
};
