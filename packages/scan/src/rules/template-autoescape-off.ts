// template-autoescape-off (bandit B701/B702): template engines configured not to escape HTML.
// nunjucks `configure(..., { autoescape: false })` / `new Environment(loader, { autoescape: false })`,
// swig `setDefaults({ autoescape: false })`, Handlebars `compile(t, { noEscape: true })` and
// express-handlebars/hbs `compilerOptions: { noEscape: true }`, marked's `sanitize: false` is not
// covered (the option is gone), Mustache `escape` replaced by an identity function. Every value
// rendered by such an engine reaches the page as HTML.
import type { AssignmentExpression, CallExpression, NewExpression, Node, ObjectExpression } from 'estree';
import { resolveCallee } from '../analysis/callee.js';
import { staticValue } from '../analysis/constant.js';
import { staticPropertyName, stripWrappers as unwrap } from '../analysis/syntax-helpers.js';
import { defineRule } from './define.js';
import type { Rule } from 'eslint';

const ENGINES = new Set(['nunjucks', 'swig', 'handlebars', 'express-handlebars', 'hbs', 'consolidate', 'mustache', 'ejs', 'eta', 'liquidjs']);

export const templateAutoescapeOff = defineRule(
  {
    id: 'template-autoescape-off',
    name: 'Template autoescaping turned off',
    cwe: 79,
    owasp: 'A03:2021-Injection',
    bandit: 'B701',
    severity: 'medium',
    confidence: 'high',
    message: 'The template engine is configured not to escape HTML; every value it renders can inject markup and script.',
    fix: 'Keep autoescaping on (`autoescape: true`, no `noEscape`) and mark only trusted, sanitised fragments as safe in the template.',
    docs: {
      description:
        'Finds nunjucks and swig configured with `autoescape: false`, Handlebars compiled with `noEscape: true` (directly or through express-handlebars/hbs `compilerOptions`), Mustache whose `escape` is replaced by an identity function, and Eta/LiquidJS with `autoEscape: false`/`outputEscape` off.',
      vulnerable: "nunjucks.configure('views', { autoescape: false, express: app });",
      safe: "nunjucks.configure('views', { autoescape: true, express: app });",
    },
  },
  (context, report) => {
    const check = (node: CallExpression | NewExpression): void => {
      const callee = resolveCallee(node, context);
      if (callee?.module === undefined || !ENGINES.has(callee.module)) return;
      for (const argument of node.arguments) {
        const object = unwrap(argument);
        if (object.type !== 'ObjectExpression') continue;
        const off = disabledOption(object, context);
        if (off !== undefined) report(off, { detail: `(\`${context.sourceCode.getText(off)}\` in ${callee.module})` });
      }
    };
    return {
      CallExpression: (node) => check(node as CallExpression),
      NewExpression: (node) => check(node as NewExpression),
      // Mustache.escape = (text) => text
      AssignmentExpression(node) {
        const assignment = node as AssignmentExpression;
        if (assignment.left.type !== 'MemberExpression' || staticPropertyName(assignment.left.property, assignment.left.computed) !== 'escape') return;
        const engine = resolveCallee(assignment.left.object, context);
        if (engine?.module !== 'mustache') return;
        const value = unwrap(assignment.right);
        if ((value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression') && isIdentity(value)) report(assignment, { detail: '(Mustache.escape replaced by an identity function)' });
      },
    };
  },
);

/** The property that turns escaping off, searched one level into `compilerOptions`. */
function disabledOption(object: ObjectExpression, context: Rule.RuleContext, depth = 0): Node | undefined {
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const key = staticPropertyName(property.key, property.computed);
    const value = staticValue(property.value, context)?.value;
    if ((key === 'autoescape' || key === 'autoEscape') && value === false) return property;
    if (key === 'noEscape' && value === true) return property;
    const inner = unwrap(property.value);
    if (key === 'compilerOptions' && depth === 0 && inner.type === 'ObjectExpression') {
      const nested = disabledOption(inner, context, depth + 1);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

function isIdentity(fn: Node & { params: Node[]; body: Node }): boolean {
  const [param] = fn.params;
  if (param?.type !== 'Identifier') return false;
  let body = unwrap(fn.body);
  if (body.type === 'BlockStatement' && body.body.length === 1 && body.body[0]?.type === 'ReturnStatement' && body.body[0].argument) body = unwrap(body.body[0].argument);
  return body.type === 'Identifier' && body.name === param.name;
}
