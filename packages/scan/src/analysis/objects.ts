// Options objects: reading a named property of an object literal passed to a call, also when the
// literal sits in a `const` (`const options = { ... }; cors(options)`).
import type { Rule } from 'eslint';
import type { Node, ObjectExpression, Property } from 'estree';
import { findVariable, singleBinding } from './scope.js';
import { staticPropertyName, stripWrappers } from './syntax-helpers.js';

/** The object literal an expression is, or is bound to through a single-assignment variable. */
export function objectLiteral(node: Node | undefined, context: Rule.RuleContext, depth = 0): ObjectExpression | undefined {
  if (node === undefined || depth > 8) return undefined;
  const inner = stripWrappers(node);
  if (inner.type === 'ObjectExpression') return inner;
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    if (binding === undefined || binding.declarator.id !== binding.name) return undefined;
    return objectLiteral(binding.init, context, depth + 1);
  }
  return undefined;
}

/** The last property called `name` in an object literal (later ones win, as at run time). */
export function findProperty(object: ObjectExpression, name: string): Property | undefined {
  let found: Property | undefined;
  for (const property of object.properties) {
    if (property.type === 'Property' && staticPropertyName(property.key, property.computed) === name) found = property;
  }
  return found;
}

/** The value of property `name` of an options argument, when the argument is (bound to) an object literal. */
export function optionValue(node: Node | undefined, name: string, context: Rule.RuleContext): Node | undefined {
  const object = objectLiteral(node, context);
  if (object === undefined) return undefined;
  return findProperty(object, name)?.value;
}

/** Whether an object literal has a spread (`{ ...defaults, x }`): its other properties are then not the whole story. */
export function hasSpread(object: ObjectExpression): boolean {
  return object.properties.some((property) => property.type === 'SpreadElement');
}
