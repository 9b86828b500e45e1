// Runs a throwaway rule through ESLint's Linter (typescript-eslint parser) and collects what a
// callback computes for every node a selector matches: for unit tests of the analyses, which need a
// real RuleContext with scope information.
import type { Rule } from 'eslint';
import { Linter } from 'eslint';
import type { Node } from 'estree';
import tseslint from 'typescript-eslint';

export function probe<T>(code: string, selector: string, compute: (node: Node, context: Rule.RuleContext) => T, filename = 'probe.ts'): T[] {
  const results: T[] = [];
  const rule: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create(context) {
      return { [selector]: (node: Node) => results.push(compute(node, context)) };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'],
        languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: /\.c[jt]s$/.test(filename) ? 'commonjs' : 'module' },
        plugins: { probe: { rules: { probe: rule } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    { filename },
  );
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal !== undefined) throw new Error(`parse error: ${fatal.message}`);
  const crash = messages.find((message) => message.ruleId === null && message.severity === 2);
  if (crash !== undefined) throw new Error(crash.message);
  return results;
}
