// Runs scan rules through ESLint's own Linter (the path the ESLint plugin takes), for rule tests.
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { confidenceOfMessageId } from '../rules/define.js';
import type { Level, ScanRule } from '../rules/types.js';

export interface LintedFinding {
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly confidence: Level | undefined;
}

export function lintWithEslint(code: string, filename: string, rules: readonly ScanRule[]): LintedFinding[] {
  const linter = new Linter({ configType: 'flat' });
  const jsx = /\.[jt]sx$/.test(filename);
  const messages = linter.verify(
    code,
    [
      {
        // ESLint 10 ignores a config whose only pattern is universal ('**/*'): name the extensions
        files: ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'],
        languageOptions: {
          parser: tseslint.parser,
          ecmaVersion: 'latest',
          sourceType: /\.c[jt]s$/.test(filename) ? 'commonjs' : 'module',
          parserOptions: { ecmaFeatures: { jsx } },
        },
        plugins: { rampart: { rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.eslint])) } },
        rules: Object.fromEntries(rules.map((rule) => [`rampart/${rule.meta.id}`, 'error' as const])),
      },
    ],
    { filename },
  );
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal !== undefined) throw new Error(`${filename}:${fatal.line}: parse error: ${fatal.message}`);
  return messages.map((message) => ({
    ruleId: String(message.ruleId).replace(/^rampart\//, ''),
    line: message.line,
    column: message.column,
    message: message.message,
    confidence: confidenceOfMessageId(message.messageId),
  }));
}
