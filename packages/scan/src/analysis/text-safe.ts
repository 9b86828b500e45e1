// Parts of a built string that carry no attacker-shaped text even though they are not constant:
// numbers (string-shape.ts isNumericLike), escaped values, tagged templates (they build a query
// object, not a string), and lists of placeholders (`ids.map(() => '?').join(', ')`,
// `cols.map((_, i) => `$${i + 1}`)`), values an allow-list check guards (`ALLOWED.includes(x) ? x
// : 'id'`), lookups in constant maps (`COLUMNS[sort]`), and locations the program chooses
// (`__dirname`, `import.meta.dirname`, `process.cwd()`, `path.join` of such parts) and the
// operator's settings (`process.env.X`).
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { staticValue } from './constant.js';
import { guardedByAllowList } from './guards.js';
import { sanitisedSinks, type SinkKind } from './sanitisers.js';
import { findVariable } from './scope.js';
import { isNumericLike } from './string-shape.js';
import { staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';

export function isTextSafe(node: Node, context: Rule.RuleContext, sink: SinkKind, depth = 0): boolean {
  if (depth > 6) return false;
  const inner = unwrap(node);
  if (staticValue(inner, context) !== undefined || isNumericLike(inner, context)) return true;
  const next = (child: Node): boolean => isTextSafe(child, context, sink, depth + 1);
  switch (inner.type) {
    case 'TaggedTemplateExpression':
      return true;
    case 'TemplateLiteral':
      return inner.expressions.every(next);
    case 'BinaryExpression':
      return inner.left.type !== 'PrivateIdentifier' && next(inner.left) && next(inner.right);
    case 'ConditionalExpression':
      return next(inner.consequent) && next(inner.alternate);
    case 'LogicalExpression':
      return next(inner.left) && next(inner.right);
    case 'CallExpression': {
      // path.join(__dirname, 'bin'), process.cwd(), os.tmpdir(): locations the program itself chooses
      const calleeText = context.sourceCode.getText(inner.callee);
      if (/^(?:process\.cwd|os\.tmpdir|os\.homedir|tmpdir|homedir)$/.test(calleeText)) return true;
      if (/^(?:path\.)?(?:join|resolve|dirname|basename|relative|normalize)$|^(?:url\.)?fileURLToPath$/.test(calleeText) && inner.arguments.length > 0 && inner.arguments.every((argument) => argument.type !== 'SpreadElement' && next(argument))) return true;
      const sanitises = sanitisedSinks(inner, context);
      if (sanitises === 'all' || (sanitises !== undefined && sink !== 'any' && sanitises.includes(sink))) return true;
      const callee = unwrap(inner.callee);
      if (callee.type !== 'MemberExpression') return false;
      const method = staticPropertyName(callee.property, callee.computed);
      if (method === 'join' || method === 'toString') return next(callee.object);
      // subQuery.getQuery(): SQL a query builder generated (its parameters are bound separately)
      if (method === 'getQuery' || method === 'getSql' || method === 'toSQL') return true;
      if (method === 'map' || method === 'fill') {
        const [callback] = inner.arguments;
        if (callback === undefined) return false;
        const fn = unwrap(callback);
        if (method === 'fill') return next(fn);
        if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return false;
        if (fn.body.type !== 'BlockStatement') return callbackSafe(fn.body, fn.params[0], context, sink, depth);
        const last = fn.body.body.at(-1);
        return last?.type === 'ReturnStatement' && last.argument !== null && last.argument !== undefined && callbackSafe(last.argument, fn.params[0], context, sink, depth);
      }
      return false;
    }
    case 'MemberExpression': {
      // import.meta.dirname, process.env.EDITOR: the program's own location and its operator's settings
      if (/^(?:import\.meta\.(?:dirname|filename|url)|process\.env\.[\w$]+|process\.env\[['"][\w$]+['"]\])$/.test(context.sourceCode.getText(inner))) return true;
      if (guardedByAllowList(inner, context)) return true;
      // COLUMNS[req.query.sort]: a lookup in a constant map of strings yields one of its values
      if (!inner.computed || inner.object.type === 'Super') return false;
      const table = staticValue(inner.object, context)?.value;
      return typeof table === 'object' && table !== null && Object.values(table).every((value) => typeof value === 'string' || typeof value === 'number');
    }
    case 'Identifier': {
      if ((inner.name === '__dirname' || inner.name === '__filename') && findVariable(inner, context)?.defs.length !== 1) return true;
      if (guardedByAllowList(inner, context)) return true;
      const variable = findVariable(inner, context);
      const def = variable?.defs[0];
      if (def?.type !== 'Variable' || variable?.defs.length !== 1 || def.node.init === null || def.node.init === undefined || def.node.id.type !== 'Identifier') return false;
      const writes = variable.references.filter((reference) => reference.isWrite() && reference.init !== true);
      return writes.length === 0 && next(def.node.init);
    }
    default:
      return false;
  }
}

/** A map callback's result is safe when it does not use the element (only constants and the index). */
function callbackSafe(body: Node, element: Node | undefined, context: Rule.RuleContext, sink: SinkKind, depth: number): boolean {
  const text = context.sourceCode.getText(body);
  const name = element?.type === 'Identifier' ? element.name : undefined;
  if (name !== undefined && !name.startsWith('_') && new RegExp(`\\b${name}\\b`).test(text)) return isTextSafe(body, context, sink, depth + 1);
  return true;
}
