// code-injection (bandit B307): strings evaluated as JavaScript. eval, new Function / Function,
// setTimeout/setInterval with a string, vm (runInNewContext/runInThisContext/runInContext/Script/
// compileFunction/SourceTextModule), MongoDB `$where`, mathjs evaluate, require()/import() of a
// client-chosen module, and templates compiled from request data (server-side template injection:
// pug, ejs, handlebars, nunjucks, lodash template run code). High when request data reaches the
// code; medium for other non-constant code; low when it all comes from the enclosing function's
// parameters (a helper whose callers decide), except in a `$where` template.
// `eval('(' + body + ')')` is JSON parsing by eval: reported by unsafe-deserialization instead.
import type { CallExpression, Expression, NewExpression, Node, Property } from 'estree';
import { argumentRisk, type ArgumentRisk } from '../analysis/argument-risk.js';
import { resolveCallee } from '../analysis/callee.js';
import { isEvalJsonParse } from '../analysis/eval-parse.js';
import { staticPropertyName, stripWrappers as unwrap } from '../analysis/syntax-helpers.js';
import { isGeneratedOrVendored } from '../analysis/generated-code.js';
import { sandboxArgumentOf } from '../analysis/vm-sandbox.js';
import { defineRule, type Report } from './define.js';

const VM_CODE = new Set(['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script', 'SourceTextModule']);
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);
const TEMPLATE_COMPILERS: Record<string, readonly string[]> = {
  pug: ['compile', 'render', 'compileClient'],
  jade: ['compile', 'render'],
  ejs: ['compile', 'render'],
  handlebars: ['compile', 'precompile'],
  nunjucks: ['renderString', 'compile'],
  lodash: ['template'],
  'lodash.template': [''],
  underscore: ['template'],
  dot: ['template', 'compile'],
};

export const codeInjection = defineRule(
  {
    id: 'code-injection',
    name: 'Code evaluated from non-constant strings',
    cwe: 95,
    owasp: 'A03:2021-Injection',
    bandit: 'B307',
    severity: 'high',
    confidence: 'high',
    message: 'A non-constant string is evaluated as code; whoever controls it runs JavaScript on the server.',
    fix: 'Do not evaluate data: parse it (`JSON.parse`, a math-expression parser with a fixed grammar), look functions up in a fixed map, and render templates from files with data passed as variables.',
    docs: {
      description:
        'Finds `eval`, `new Function`/`Function`, `setTimeout`/`setInterval` with a string, `vm.runInNewContext`/`runInThisContext`/`runInContext`/`Script`/`compileFunction`, MongoDB `$where` strings, `mathjs.evaluate`, `require()`/`import()` of request data, and templates compiled from request data (pug, ejs, handlebars, nunjucks, lodash `template`: server-side template injection). High confidence when request data reaches the code, medium for other non-constant code, low when it only comes from parameters of the enclosing function. Constant code is not reported.',
      vulnerable: "app.post('/contributions', (req, res) => {\n  const preTax = eval(req.body.preTax);\n  res.json({ preTax });\n});",
      safe: "app.post('/contributions', (req, res) => {\n  const preTax = parseInt(req.body.preTax, 10);\n  res.json({ preTax });\n});",
    },
  },
  (context, report) => {
    const check = (node: Node, code: Node | undefined, what: string, dynamicAlso = true): void => {
      if (code === undefined || code.type === 'SpreadElement') return;
      const risk = argumentRisk(code, context, 'code');
      if (risk === undefined || (!dynamicAlso && risk.kind !== 'tainted')) return;
      flag(node, risk, what, report, isGeneratedOrVendored(context));
    };
    const call = (node: CallExpression | NewExpression): void => {
      const callee = resolveCallee(node, context);
      if (callee === undefined) return;
      const [first] = node.arguments;
      const name = callee.path.join('.');
      if (callee.module === undefined) {
        if (name === 'eval') {
          if (first !== undefined && first.type !== 'SpreadElement' && isEvalJsonParse(first, context)) return;
          check(node, first, '`eval`');
        } else if (name === 'Function') {
          check(node, node.arguments.at(-1), '`Function`');
        } else if (TIMERS.has(name) && first !== undefined && first.type !== 'SpreadElement') {
          // a string is evaluated; request data is always a string, a function reference is not
          check(node, first, `\`${name}\` with a string`, isStringLike(first));
        } else if (name === 'require' && first !== undefined) {
          check(node, first, '`require`', false);
        }
        return;
      }
      if (callee.module === 'vm' && VM_CODE.has(callee.path.at(-1) ?? '')) {
        check(node, first, `\`vm.${callee.path.at(-1) ?? ''}\``);
        // vm.runInContext('safeEval(orderLinesData)', { safeEval, orderLinesData }): Juice Shop's b2bOrder
        const evaluated = sandboxArgumentOf(node, /\b(?:eval|safeEval|Function|evaluate)/, context);
        if (evaluated !== undefined) report(node, { confidence: 'medium', detail: `(request data \`${evaluated.trace.source}\` is evaluated inside the sandbox as \`${evaluated.name}\`)` });
        return;
      }
      if (callee.module === 'mathjs' && /^(?:evaluate|eval)$/.test(callee.path.at(-1) ?? '')) {
        const risk = first === undefined || first.type === 'SpreadElement' ? undefined : argumentRisk(first, context, 'code');
        if (risk?.kind === 'tainted') report(node, { confidence: 'medium', detail: `(request data \`${risk.trace.source}\` is evaluated by mathjs)` });
        return;
      }
      if (TEMPLATE_COMPILERS[callee.module]?.includes(callee.path.join('.')) === true) check(node, first, `the template compiled by \`${callee.module}\``, false);
    };
    return {
      CallExpression: (node) => call(node as CallExpression),
      NewExpression: (node) => call(node as NewExpression),
      ImportExpression(node) {
        const source = (node as Node & { source: Expression }).source;
        check(node as Node, source, '`import()`', false);
      },
      // db.collection.find({ $where: 'this.owner == "' + req.query.owner + '"' })
      Property(node) {
        const property = node as Property;
        if (staticPropertyName(property.key, property.computed) !== '$where') return;
        const value = unwrap(property.value);
        if (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') return;
        check(property, property.value, 'the MongoDB `$where` expression');
      },
    };
  },
);

function flag(node: Node, risk: NonNullable<ArgumentRisk>, what: string, report: Report, vendored: boolean): void {
  if (risk.kind === 'tainted') report(node, { confidence: risk.trace.confidence, detail: `(request data \`${risk.trace.source}\` reaches ${what})` });
  else if (!vendored) report(node, { confidence: !risk.parametersOnly || (risk.template && what.includes('$where')) ? 'medium' : 'low', detail: `(non-constant code reaches ${what})` });
}

/** A string, template or concatenation (not a function reference): the timer form that evaluates. */
function isStringLike(node: Node): boolean {
  const inner = unwrap(node);
  return (inner.type === 'Literal' && typeof inner.value === 'string') || inner.type === 'TemplateLiteral' || (inner.type === 'BinaryExpression' && inner.operator === '+');
}
