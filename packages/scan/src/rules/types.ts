// The shape every scan rule shares. A rule is written once against ESTree through ESLint's rule
// API (`create(context)` returns node listeners) and runs three ways: the `rampart scan` CLI, the
// ESLint plugin, and oxlint's jsPlugins. Rules use only this part of the context: `report` through
// `define.ts`, `context.sourceCode` (`ast`, `getText`, `getScope`, `scopeManager`), `context.filename`
// and `node.parent`. No type information.
import type { Rule } from 'eslint';
import type { OwaspCategory } from '@rampart/cli-kit';

export type Level = 'low' | 'medium' | 'high';

export type { OwaspCategory };

export interface ScanRuleMeta {
  /** Stable kebab-case id, e.g. `sql-injection`; the ESLint rule name is `@rampart/<id>`. */
  readonly id: string;
  /** Short human name, e.g. "SQL built from strings". */
  readonly name: string;
  readonly cwe: number;
  readonly owasp: OwaspCategory;
  /** bandit's test id where one exists, e.g. `B608`. */
  readonly bandit?: string;
  readonly severity: Level;
  /** The rule's default confidence; a single report may lower or raise it (see define.ts). */
  readonly confidence: Level;
  /** One sentence, shown with every finding (a report may append a detail). */
  readonly message: string;
  /** How to fix it, one or two sentences. */
  readonly fix: string;
  readonly docs: {
    /** What it finds and why it matters (a short paragraph, Markdown allowed). */
    readonly description: string;
    /** A short vulnerable example (code). */
    readonly vulnerable: string;
    /** The same code made safe (code). */
    readonly safe: string;
  };
}

export interface ScanRule {
  readonly meta: ScanRuleMeta;
  /** The ESLint rule module (meta.messages holds one message per confidence). */
  readonly eslint: Rule.RuleModule;
}
