// Runs scan rules through the CLI's own engine, in the same shape as eslint-run.ts, so that the
// fixture test can require identical findings from both paths.
import { confidenceOfMessageId } from '../rules/define.js';
import type { ScanRule } from '../rules/types.js';
import { lintSource } from '../engine/lint.js';
import type { LintedFinding } from './eslint-run.js';

export function lintWithEngine(code: string, filename: string, rules: readonly ScanRule[]): LintedFinding[] {
  const outcome = lintSource(code, filename, rules.map((rule) => ({ id: rule.meta.id, module: rule.eslint })));
  if (!outcome.ok) throw new Error(`${filename}:${outcome.error.line}: parse error: ${outcome.error.message}`);
  return outcome.messages.map((message) => ({
    ruleId: message.ruleId,
    line: message.line,
    column: message.column,
    message: message.message,
    confidence: confidenceOfMessageId(message.messageId),
  }));
}
