// Small rules for engine and reporter tests, independent of the real rule set (written in
// parallel): each exercises one part of the rule API the engine must reproduce.
import type { CallExpression, Node } from 'estree';
import { defineRule } from '../rules/define.js';
import type { ScanRuleMeta } from '../rules/types.js';

const meta = (id: string, extra: Partial<ScanRuleMeta> = {}): ScanRuleMeta => ({
  id,
  name: `Sample ${id}`,
  cwe: 95,
  owasp: 'A03:2021-Injection',
  severity: 'high',
  confidence: 'high',
  message: `Sample finding ${id}.`,
  fix: `Fix ${id}.`,
  docs: { description: `Finds ${id}.`, vulnerable: 'eval(x);', safe: 'JSON.parse(x);' },
  ...extra,
});

/** Calls of the global `eval` (not a local function named eval): scope analysis. */
export const globalEval = defineRule(meta('sample-global-eval', { bandit: 'B307' }), (context, report) => ({
  CallExpression(node) {
    if (node.callee.type !== 'Identifier' || node.callee.name !== 'eval') return;
    const scope = context.sourceCode.getScope(node);
    let found = null;
    for (let current: typeof scope | null = scope; current; current = current.upper) {
      const variable = current.set.get('eval');
      if (variable) {
        found = variable;
        break;
      }
    }
    if (found === null || found.defs.length === 0) report(node, { detail: `(${context.sourceCode.getText(node.arguments[0])})` });
  },
}));

/** A selector with an attribute, an :exit listener, and node.parent. */
export const execInFunction = defineRule(meta('sample-exec', { severity: 'medium', confidence: 'medium', cwe: 78, bandit: 'B605' }), (_context, report) => {
  let depth = 0;
  return {
    'FunctionDeclaration, ArrowFunctionExpression'() {
      depth += 1;
    },
    'FunctionDeclaration:exit'() {
      depth -= 1;
    },
    'ArrowFunctionExpression:exit'() {
      depth -= 1;
    },
    "CallExpression[callee.property.name='exec']"(node: CallExpression & { parent?: Node }) {
      report(node, { confidence: depth > 0 && node.parent?.type === 'ExpressionStatement' ? 'high' : 'low' });
    },
  };
});

/** A low-severity rule on string literals: thresholds and many findings per file. */
export const secretLiteral = defineRule(meta('sample-secret', { severity: 'low', confidence: 'medium', cwe: 798, owasp: 'A07:2021-Identification and Authentication Failures', bandit: 'B105' }), (_context, report) => ({
  Literal(node) {
    if (typeof node.value === 'string' && node.value.startsWith('sk_live_')) report(node);
  },
}));

export const sampleRules = [globalEval, execInFunction, secretLiteral];
