// The alert rules as Prometheus itself reads them: promtool checks their syntax and runs their
// unit tests (alerts.test.yml); this file adds what promtool does not check: every alert has a
// severity, a summary and a runbook section that exists, and is tested both firing and silent.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requireExecutable } from '../../test-support/executables.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const runbook = readFileSync(fileURLToPath(new URL('../../docs/runbook.md', import.meta.url)), 'utf8');
const promtool = requireExecutable('promtool', 'apt-get install prometheus');

interface AlertRule {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleTest {
  alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
}

const rules = (parse(readFileSync(join(here, 'alerts.yml'), 'utf8')) as { groups: { rules: AlertRule[] }[] }).groups.flatMap(
  (group) => group.rules,
);
const tests = (parse(readFileSync(join(here, 'alerts.test.yml'), 'utf8')) as { tests: RuleTest[] }).tests.flatMap(
  (test) => test.alert_rule_test ?? [],
);

function run(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(promtool as string, args, { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** GitHub's anchor for a Markdown heading. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

describe('alert rules', () => {
  it('covers the lesson and the runbook: eight alerts', () => {
    expect(rules.map((rule) => rule.alert).sort()).toEqual([
      'RampartHighServerErrorRate',
      'RampartLockoutBurst',
      'RampartLoginFailureBurst',
      'RampartPasswordHashRefusals',
      'RampartRefreshTokenReuse',
      'RampartSharedStoreDown',
      'RampartSigningKeyTooOld',
      'RampartUnauthorizedAccessBurst',
    ]);
  });

  const anchors = new Set([...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((match) => anchor(match[1] as string)));
  it.each(rules)('$alert has a severity, a summary and a runbook section that exists', (rule) => {
    expect(['page', 'warning']).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary).toBeTruthy();
    const url = rule.annotations?.runbook_url ?? '';
    expect(url).toMatch(/\/docs\/runbook\.md#[a-z0-9-]+$/);
    expect(anchors).toContain(url.slice(url.indexOf('#') + 1));
  });

  it.each(rules)('$alert is unit-tested firing and silent', (rule) => {
    const cases = tests.filter((test) => test.alertname === rule.alert);
    expect(cases.some((test) => test.exp_alerts.length > 0)).toBe(true);
    expect(cases.some((test) => test.exp_alerts.length === 0)).toBe(true);
  });
});

describe.runIf(promtool)('promtool', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rampart-alerts-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('accepts the rules and the example configuration', async () => {
    const rulesCheck = await run(['check', 'rules', 'alerts.yml'], here);
    expect(rulesCheck.output).toContain('SUCCESS: 8 rules found');
    expect(rulesCheck.code).toBe(0);
    const configCheck = await run(['check', 'config', 'prometheus.yml'], here);
    expect(configCheck.code, configCheck.output).toBe(0);
  });

  it('passes the unit tests of every alert', async () => {
    const result = await run(['test', 'rules', 'alerts.test.yml'], here);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });

  it('fails those tests when a threshold is loosened (the tests can fail)', async () => {
    cpSync(join(here, 'alerts.test.yml'), join(scratch, 'alerts.test.yml'));
    const loosened = readFileSync(join(here, 'alerts.yml'), 'utf8').replace(
      'event="authn_login_fail"}[1m])) > 10',
      'event="authn_login_fail"}[1m])) > 1000',
    );
    expect(loosened).toContain('> 1000');
    writeFileSync(join(scratch, 'alerts.yml'), loosened);
    const result = await run(['test', 'rules', 'alerts.test.yml'], scratch);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('RampartLoginFailureBurst');
  });
});
