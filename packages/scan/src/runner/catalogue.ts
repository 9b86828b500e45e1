// Every rule a scan knows: the rule modules (rules/index.ts) plus the two checks the runner makes
// itself on suppression comments. The runner's checks have meta but no ESLint module: they exist
// only where suppressions are read (the CLI engine), not in the ESLint or oxlint plugin.
import { allRules } from '../rules/index.js';
import type { ScanRule, ScanRuleMeta } from '../rules/types.js';

export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';
export const UNUSED_SUPPRESSION = 'unused-suppression';

export const runnerChecks: readonly ScanRuleMeta[] = [
  {
    id: SUPPRESSION_WITHOUT_REASON,
    name: 'Suppression without a reason',
    cwe: 710,
    owasp: 'A04:2021-Insecure Design',
    severity: 'medium',
    confidence: 'high',
    message: 'This rampart-ignore comment has no reason, so it suppresses nothing.',
    fix: 'Write why the finding is not a problem after the id: `// rampart-ignore <id>: <reason>`.',
    docs: {
      description:
        'A suppression is a claim that a finding is safe; the reason is what a reviewer checks. A `rampart-ignore` comment without a rule id or without a reason is reported and suppresses nothing.',
      vulnerable: "// rampart-ignore sql-injection\ndb.query(`SELECT * FROM t WHERE id = ${id}`);",
      safe: "// rampart-ignore sql-injection: id is a UUID validated by the route schema\ndb.query(`SELECT * FROM t WHERE id = ${id}`);",
    },
  },
  {
    id: UNUSED_SUPPRESSION,
    name: 'Unused suppression',
    cwe: 710,
    owasp: 'A04:2021-Insecure Design',
    severity: 'medium',
    confidence: 'high',
    message: 'This rampart-ignore comment suppresses no finding.',
    fix: 'Remove the comment (the code changed or the rule no longer reports it), or fix the rule id.',
    docs: {
      description:
        'A suppression that matches no finding hides nothing today but would silently hide a real finding introduced on that line later. It is reported when its rule ran and found nothing on the line, or when its id is not a known rule.',
      vulnerable: "// rampart-ignore command-injection: fixed long ago\nconst files = await readdir(dir);",
      safe: 'const files = await readdir(dir);',
    },
  },
];

export const ruleModules: readonly ScanRule[] = allRules;

export function allRuleMeta(): readonly ScanRuleMeta[] {
  return [...allRules.map((rule) => rule.meta), ...runnerChecks];
}
