// How risky a value reaching a code-like sink (a shell command, eval'd code) is: constant (no
// risk), request data (the taint trace), or built from other non-constant parts, and then whether
// constant text surrounds them (`'ping -c 1 ' + host` is a command template being filled in; a
// bare `cmd` parameter is a wrapper whose callers decide).
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { PLACEHOLDER, stringShape } from './string-shape.js';
import type { SinkKind } from './sanitisers.js';
import { taintOf, type TaintTrace } from './taint.js';
import { isTextSafe } from './text-safe.js';

export type ArgumentRisk =
  | { readonly kind: 'tainted'; readonly trace: TaintTrace }
  | { readonly kind: 'dynamic'; readonly template: boolean }
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
  return { kind: 'dynamic', template: shape.text.replaceAll(PLACEHOLDER, '').trim() !== '' };
}
