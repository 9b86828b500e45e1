// One file: lint with the engine, turn messages into findings (severity override, per-finding
// confidence), apply suppressions, add the suppression checks, fingerprint. Pure over its input.
import { lintSource, RuleCrash, type EngineRule, type LintOutcome } from '../engine/lint.js';
import type { LineIndex } from '../engine/line-index.js';
import { fingerprints } from '../findings/fingerprint.js';
import { findSuppressions, type Suppression } from '../findings/suppressions.js';
import type { ParseError, ScanFinding } from '../findings/types.js';
import { confidenceOfMessageId } from '../rules/define.js';
import type { Level, ScanRuleMeta } from '../rules/types.js';
import { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from './catalogue.js';

export interface FileScanSetup {
  readonly engineRules: readonly EngineRule[];
  /** Meta of every rule and runner check that may report (the active set). */
  readonly meta: ReadonlyMap<string, ScanRuleMeta>;
  /** Every id a suppression may name without being "unknown" (active or not). */
  readonly knownIds: ReadonlySet<string>;
  readonly severity: Readonly<Record<string, Level>>;
}

export interface FileScanResult {
  /** Every finding, unfiltered; `suppressed` ones are counted, not reported. */
  readonly findings: readonly (ScanFinding & { readonly suppressed: boolean })[];
  readonly parseError?: ParseError;
  readonly lines: number;
}

interface Draft {
  rule: string;
  confidence: Level;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  suppressed: boolean;
}

export function scanFile(file: string, code: string, setup: FileScanSetup): FileScanResult {
  let outcome: LintOutcome;
  try {
    outcome = lintSource(code, file, setup.engineRules);
  } catch (error) {
    // A crashing rule (a bug in the rule, not in the file) must not stop the run or hide the file.
    if (!(error instanceof RuleCrash)) throw error;
    return { findings: [], parseError: { file, line: error.line, column: error.column, message: error.message }, lines: code.split('\n').length };
  }
  if (!outcome.ok) {
    const { line, column, message } = outcome.error;
    return { findings: [], parseError: { file, line, column: column + 1, message: `parse error: ${message}` }, lines: outcome.lines.lineCount };
  }
  const drafts: Draft[] = [];
  for (const message of outcome.messages) {
    const meta = setup.meta.get(message.ruleId);
    if (meta === undefined) continue;
    drafts.push({ ...message, rule: message.ruleId, confidence: confidenceOfMessageId(message.messageId) ?? meta.confidence, suppressed: false });
  }
  drafts.push(...applySuppressions(findSuppressions(outcome.source.getAllComments(), outcome.lines), drafts, setup));
  return { findings: finish(file, drafts, outcome.lines, setup), lines: outcome.lines.lineCount };
}

function applySuppressions(suppressions: readonly Suppression[], drafts: Draft[], setup: FileScanSetup): Draft[] {
  const extra: Draft[] = [];
  const at = (suppression: Suppression, rule: string, detail: string): Draft | undefined => {
    const meta = setup.meta.get(rule);
    if (meta === undefined) return undefined; // the check itself is skipped
    return {
      rule,
      confidence: meta.confidence,
      message: `${meta.message} ${detail}`,
      line: suppression.line,
      column: suppression.column,
      endLine: suppression.line,
      endColumn: suppression.column,
      suppressed: false,
    };
  };
  for (const suppression of suppressions) {
    if (suppression.ids.length === 0 || suppression.reason === undefined) {
      const what = suppression.ids.length === 0 ? '(no rule id)' : `(${suppression.ids.join(', ')})`;
      const draft = at(suppression, SUPPRESSION_WITHOUT_REASON, what);
      if (draft !== undefined) extra.push(draft);
      continue;
    }
    for (const id of suppression.ids) {
      const matched = drafts.filter((draft) => draft.rule === id && draft.line === suppression.target);
      for (const draft of matched) draft.suppressed = true;
      if (matched.length > 0) continue;
      // A rule that did not run (skipped, --only) cannot vouch that the suppression is unused.
      if (setup.knownIds.has(id) && !setup.meta.has(id)) continue;
      const detail = setup.knownIds.has(id) ? `(${id} reports nothing on line ${suppression.target})` : `(unknown rule id ${id})`;
      const draft = at(suppression, UNUSED_SUPPRESSION, detail);
      if (draft !== undefined) extra.push(draft);
    }
  }
  return extra;
}

function finish(file: string, drafts: readonly Draft[], lines: LineIndex, setup: FileScanSetup) {
  const codes = drafts.map((draft) => lines.lineText(draft.line));
  const ids = fingerprints(drafts.map((draft, index) => ({ rule: draft.rule, file, code: codes[index] ?? '', line: draft.line, column: draft.column })));
  return drafts
    .map((draft, index) => {
      const meta = setup.meta.get(draft.rule) as ScanRuleMeta;
      return {
        id: ids[index] ?? '',
        rule: draft.rule,
        severity: setup.severity[draft.rule] ?? meta.severity,
        confidence: draft.confidence,
        message: draft.message,
        fix: meta.fix,
        cwe: meta.cwe,
        location: { file, line: draft.line, column: draft.column, endLine: draft.endLine, endColumn: draft.endColumn },
        code: (codes[index] ?? '').trim(),
        suppressed: draft.suppressed,
      };
    })
    .sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column || a.rule.localeCompare(b.rule));
}
