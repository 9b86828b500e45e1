// Where a value goes: the names an expression's result is stored under or returned as. Rules that
// decide by name (a random number used as a token, an md5 used for a password) walk up from the
// expression through the operations that keep its meaning (`.toString(36)`, `.slice()`,
// arithmetic, templates, `Math.floor`) to the variable, property, parameter default or function that
// receives it.
import type { Node } from 'estree';
import { staticPropertyName } from './syntax-helpers.js';

type WithParent = Node & { parent?: Node };

export interface FlowTarget {
  /** The variable, property or assignment target name, when there is one. */
  readonly name: string | undefined;
  /** The enclosing function's name, when the value is returned from it (or is its arrow body). */
  readonly functionName: string | undefined;
  /** The node the walk stopped at (the outermost expression that still carries the value). */
  readonly carrier: Node;
}

const TRANSPARENT = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ChainExpression', 'AwaitExpression', 'TemplateLiteral', 'BinaryExpression', 'UnaryExpression', 'ConditionalExpression', 'LogicalExpression', 'ArrayExpression', 'SpreadElement', 'SequenceExpression']);

export function flowTarget(node: Node): FlowTarget {
  let current: Node = node;
  for (let parent = ((current as WithParent).parent ?? undefined); parent !== undefined; current = parent, parent = ((current as WithParent).parent ?? undefined)) {
    if (TRANSPARENT.has(parent.type)) continue;
    // x.toString(36).slice(2): a method on the value (the value is the object of the callee)
    if (parent.type === 'MemberExpression' && parent.object === current) continue;
    if (parent.type === 'CallExpression') {
      if (parent.callee === current) continue;
      // Math.floor(x * n), String(x), Number(x), parseInt(x)
      if (isWrappingCall(parent)) continue;
      return { name: undefined, functionName: undefined, carrier: current };
    }
    return targetAt(parent, current);
  }
  return { name: undefined, functionName: undefined, carrier: current };
}

function isWrappingCall(call: Node & { type: 'CallExpression' }): boolean {
  const callee = call.callee;
  if (callee.type === 'Identifier') return ['String', 'Number', 'parseInt', 'parseFloat', 'BigInt'].includes(callee.name);
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Math') return true;
  return false;
}

function targetAt(parent: Node, child: Node): FlowTarget {
  switch (parent.type) {
    case 'VariableDeclarator':
      return { name: parent.id.type === 'Identifier' ? parent.id.name : undefined, functionName: undefined, carrier: child };
    case 'AssignmentExpression':
      return { name: lastName(parent.left), functionName: undefined, carrier: child };
    case 'AssignmentPattern':
      return { name: parent.left.type === 'Identifier' ? parent.left.name : undefined, functionName: undefined, carrier: child };
    case 'Property':
      return { name: parent.value === child ? staticPropertyName(parent.key, parent.computed) : undefined, functionName: undefined, carrier: child };
    case 'PropertyDefinition':
      return { name: parent.value === child ? staticPropertyName(parent.key, parent.computed) : undefined, functionName: undefined, carrier: child };
    case 'ReturnStatement':
      return { name: undefined, functionName: enclosingFunctionName(parent), carrier: child };
    case 'ArrowFunctionExpression':
      return { name: undefined, functionName: parent.body === child ? functionName(parent) : undefined, carrier: child };
    default:
      return { name: undefined, functionName: undefined, carrier: child };
  }
}

export function lastName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return staticPropertyName(node.property, node.computed);
  return undefined;
}

export function enclosingFunctionName(node: Node): string | undefined {
  for (let current = ((node as WithParent).parent ?? undefined); current !== undefined; current = ((current as WithParent).parent ?? undefined)) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return functionName(current);
  }
  return undefined;
}

/** A function's own name, or the name of the variable, property or method it is assigned to. */
export function functionName(fn: Node): string | undefined {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id !== null && fn.id !== undefined) return fn.id.name;
  const parent = ((fn as WithParent).parent ?? undefined);
  if (parent === undefined) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') return staticPropertyName(parent.key, parent.computed);
  if (parent.type === 'AssignmentExpression') return lastName(parent.left);
  return undefined;
}
