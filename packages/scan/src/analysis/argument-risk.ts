// How risky a value reaching a code-like sink (a shell command, eval'd code) is: constant (no
// risk), request data (the taint trace), or built from other non-constant parts, and then whether
// constant text surrounds them (`'ping -c 1 ' + host` is a command template being filled in; a
// bare `cmd` parameter is a wrapper whose callers decide).
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { findVariable } from './scope.js';
import { PLACEHOLDER, stringShape } from './string-shape.js';
import { stripWrappers as unwrap } from './syntax-helpers.js';
import type { SinkKind } from './sanitisers.js';
import { taintOf, type TaintTrace } from './taint.js';
import { isTextSafe } from './text-safe.js';

export type ArgumentRisk =
  | { readonly kind: 'tainted'; readonly trace: TaintTrace }
  | {
      readonly kind: 'dynamic';
      /** Constant text surrounds the parts (a template being filled in), rather than one opaque value. */
      readonly template: boolean;
      /** Every non-constant part is (read from) a parameter of the enclosing function: a helper whose callers decide. */
      readonly parametersOnly: boolean;
    }
  | undefined;

export function argumentRisk(node: Node, context: Rule.RuleContext, sink: SinkKind): ArgumentRisk {
  const shape = stringShape(node, context);
  const unsafe = shape.dynamic.filter((part) => !isTextSafe(part, context, sink));
  if (unsafe.length === 0) return undefined;
  for (const part of unsafe) {
    const trace = taintOf(part, context, { sink });
    if (trace !== undefined) return { kind: 'tainted', trace };
  }
  const trace = taintOf(node, context, { sink });
  if (trace !== undefined) return { kind: 'tainted', trace };
  return { kind: 'dynamic', template: shape.text.replaceAll(PLACEHOLDER, '').trim() !== '', parametersOnly: unsafe.every((part) => isParameterRead(part, context)) };
}

/** `name`, `options.name`, `name.trim()`: a value read from a parameter of a function. */
function isParameterRead(node: Node, context: Rule.RuleContext): boolean {
  let inner = unwrap(node);
  for (let steps = 0; steps < 6; steps++) {
    if (inner.type === 'MemberExpression') inner = unwrap(inner.object);
    else if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression') inner = unwrap(inner.callee.object);
    else break;
  }
  if (inner.type !== 'Identifier') return false;
  const variable = findVariable(inner, context);
  return variable !== undefined && variable.defs.length === 1 && variable.defs[0]?.type === 'Parameter';
}
