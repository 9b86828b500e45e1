// defineRule: a ScanRuleMeta plus a create() that receives a `report` function, turned into an
// ESLint rule module. The confidence of a single finding travels in its messageId
// (`confidence-high|medium|low`), so that ESLint, oxlint and our own engine all carry it without
// any field ESLint does not know.
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import type { Level, ScanRule, ScanRuleMeta } from './types.js';

export interface ReportOptions {
  /** Overrides the rule's default confidence for this finding. */
  readonly confidence?: Level;
  /** Appended to the rule's message, e.g. "(request data reaches `exec`)". */
  readonly detail?: string;
}

export type Report = (node: Node, options?: ReportOptions) => void;

export const CONFIDENCE_MESSAGE_IDS = {
  high: 'confidence-high',
  medium: 'confidence-medium',
  low: 'confidence-low',
} as const satisfies Record<Level, string>;

/** The confidence a messageId carries, or undefined for a messageId that is not ours. */
export function confidenceOfMessageId(messageId: string | undefined): Level | undefined {
  for (const [level, id] of Object.entries(CONFIDENCE_MESSAGE_IDS)) if (id === messageId) return level as Level;
  return undefined;
}

export function defineRule(meta: ScanRuleMeta, create: (context: Rule.RuleContext, report: Report) => Rule.RuleListener): ScanRule {
  const text = `${meta.message}{{detail}}`;
  const eslint: Rule.RuleModule = {
    meta: {
      type: 'problem',
      docs: { description: meta.name, recommended: true, url: `https://github.com/rampart/rampart/blob/main/docs/scan.md#${meta.id}` },
      schema: [],
      messages: { [CONFIDENCE_MESSAGE_IDS.high]: text, [CONFIDENCE_MESSAGE_IDS.medium]: text, [CONFIDENCE_MESSAGE_IDS.low]: text },
    },
    create(context) {
      const report: Report = (node, options = {}) => {
        context.report({
          node,
          messageId: CONFIDENCE_MESSAGE_IDS[options.confidence ?? meta.confidence],
          data: { detail: options.detail === undefined ? '' : ` ${options.detail}` },
        });
      };
      return create(context, report);
    },
  };
  return { meta, eslint };
}
