// Constant code run by vm with request data in its sandbox: `vm.runInContext('safeEval(orderLinesData)',
// { safeEval, orderLinesData })` evaluates the request's text although the code string is a
// constant (Juice Shop's B2B orders; its YAML upload does the same with `yaml.load(data)`).
import type { Rule } from 'eslint';
import type { CallExpression, NewExpression, Node, ObjectExpression } from 'estree';
import { staticValue } from './constant.js';
import { findVariable } from './scope.js';
import { staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';
import { taintOf, type TaintTrace } from './taint.js';

export interface SandboxArgument {
  /** The sandbox variable the code passes to the function. */
  readonly name: string;
  readonly trace: TaintTrace;
}

const VM_RUNNERS = /^(?:runInContext|runInNewContext)$/;

/**
 * When `call` is `vm.runInContext(code, sandbox)` / `runInNewContext`, `code` is a constant that
 * calls a function matching `callee` (e.g. /\byaml\.load/) on a sandbox variable, and that variable
 * holds request data: the variable and its trace.
 */
export function sandboxArgumentOf(call: CallExpression | NewExpression, callee: RegExp, context: Rule.RuleContext): SandboxArgument | undefined {
  const method = call.callee.type === 'MemberExpression' ? staticPropertyName(call.callee.property, call.callee.computed) : undefined;
  if (method === undefined || !VM_RUNNERS.test(method)) return undefined;
  const [code, sandbox] = call.arguments;
  if (code === undefined || sandbox === undefined || sandbox.type === 'SpreadElement') return undefined;
  const text = staticValue(code, context)?.value;
  if (typeof text !== 'string') return undefined;
  const object = sandboxObject(sandbox, context);
  if (object === undefined) return undefined;
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const key = staticPropertyName(property.key, property.computed);
    if (key === undefined || !/^[A-Za-z_$][\w$]*$/.test(key)) continue;
    if (!new RegExp(`(?:${callee.source})\\s*\\(\\s*${key.replace(/\$/g, '\\$')}\\b`).test(text)) continue;
    const trace = taintOf(property.value, context, { sink: 'code' });
    if (trace !== undefined) return { name: key, trace };
  }
  return undefined;
}

function sandboxObject(node: Node, context: Rule.RuleContext): ObjectExpression | undefined {
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression') return inner;
  if (inner.type !== 'Identifier') return undefined;
  const def = findVariable(inner, context)?.defs[0];
  if (def?.type !== 'Variable' || def.node.init === null || def.node.init === undefined) return undefined;
  const init = unwrap(def.node.init);
  return init.type === 'ObjectExpression' ? init : undefined;
}
