// unsafe-deserialization (bandit B301/B506): deserialisers that can run code or build arbitrary
// objects, fed non-constant data.
//   node-serialize `unserialize`, serialize-to-js `deserialize`, funcster `deepDeserialize`, cryo
//   `parse`: run functions embedded in the payload (`_$$ND_FUNC$$_`): any non-constant input is
//   reported (high when it is request data, medium otherwise).
//   js-yaml: `load`/`loadAll` with `DEFAULT_FULL_SCHEMA` (js-yaml 3: `!!js/function`) is reported
//   whatever the input; a plain `load` of request data is reported at medium confidence: on js-yaml
//   < 4 (still common) it is the full schema, on js-yaml 4 it is safe. `safeLoad` and explicit safe
//   schemas are fine. We cannot see the installed version from one file.
//   `v8.deserialize` and BSON with `evalFunctions: true` of request data; `eval('(' + data + ')')`.
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { argumentRisk } from '../analysis/argument-risk.js';
import { resolveCallee } from '../analysis/callee.js';
import { isEvalJsonParse } from '../analysis/eval-parse.js';
import { staticPropertyName, stripWrappers as unwrap } from '../analysis/syntax-helpers.js';
import { sandboxArgumentOf } from '../analysis/vm-sandbox.js';
import { defineRule } from './define.js';

/** Deserialisers that execute code from the payload by design. */
const CODE_RUNNING: Record<string, readonly string[]> = {
  'node-serialize': ['unserialize'],
  'serialize-to-js': ['deserialize'],
  funcster: ['deepDeserialize', 'deserialize'],
  cryo: ['parse'],
};
const YAML_LOADERS = new Set(['load', 'loadAll']);
const SAFE_SCHEMAS = /^(?:FAILSAFE_SCHEMA|JSON_SCHEMA|CORE_SCHEMA|DEFAULT_SAFE_SCHEMA|DEFAULT_SCHEMA)$/;

export const unsafeDeserialization = defineRule(
  {
    id: 'unsafe-deserialization',
    name: 'Deserialisation that can run code',
    cwe: 502,
    owasp: 'A08:2021-Software and Data Integrity Failures',
    bandit: 'B301',
    severity: 'high',
    confidence: 'high',
    message: 'Data is deserialised with a format that can execute code or build arbitrary objects.',
    fix: 'Parse untrusted data with `JSON.parse` (then validate it), and YAML with js-yaml 4 `load` or a safe schema (`JSON_SCHEMA`, `FAILSAFE_SCHEMA`); never use node-serialize, serialize-to-js, funcster or cryo on input.',
    docs: {
      description:
        'Finds node-serialize `unserialize`, serialize-to-js `deserialize`, funcster and cryo on non-constant data (they revive functions from the payload), js-yaml `load`/`loadAll` with `DEFAULT_FULL_SCHEMA`, a plain js-yaml `load` of request data (unsafe before js-yaml 4: medium confidence), `v8.deserialize` and BSON `evalFunctions` on request data, and JSON parsed by `eval("(" + text + ")")`.',
      vulnerable: "app.post('/products/import', (req, res) => {\n  const products = serialize.unserialize(req.files.products.data.toString('utf8'));\n  res.json(products);\n});",
      safe: "app.post('/products/import', (req, res) => {\n  const products = JSON.parse(req.files.products.data.toString('utf8'));\n  res.json(products);\n});",
    },
  },
  (context, report) => ({
    CallExpression(node) {
      const call = node as CallExpression;
      const callee = resolveCallee(call, context);
      if (callee === undefined) return;
      const [first, options] = call.arguments;
      if (first === undefined || first.type === 'SpreadElement') return;
      const name = callee.path.join('.');
      if (callee.module === 'vm') {
        // vm.runInContext('JSON.stringify(yaml.load(data))', { yaml, data }): Juice Shop's YAML upload
        const loaded = sandboxArgumentOf(call, /\b(?:yaml\.load|yaml\.loadAll|unserialize|deserialize)/, context);
        if (loaded !== undefined) report(call, { confidence: 'medium', detail: `(request data \`${loaded.trace.source}\` is deserialised inside the sandbox as \`${loaded.name}\`)` });
        return;
      }
      if (callee.module === undefined) {
        if (name === 'eval' && isEvalJsonParse(first, context)) {
          const risk = argumentRisk(first, context, 'code');
          if (risk !== undefined) report(call, { confidence: risk.kind === 'tainted' ? risk.trace.confidence : 'medium', detail: '(`eval` used to parse JSON runs any code in it; use `JSON.parse`)' });
        }
        return;
      }
      if (CODE_RUNNING[callee.module]?.includes(name) === true) {
        const risk = argumentRisk(first, context, 'any');
        if (risk === undefined) return;
        const detail = risk.kind === 'tainted' ? `(request data \`${risk.trace.source}\` is deserialised by ${callee.module})` : `(${callee.module} revives functions from its input)`;
        report(call, { confidence: risk.kind === 'tainted' ? risk.trace.confidence : 'medium', detail });
        return;
      }
      if (callee.module === 'js-yaml' && YAML_LOADERS.has(name)) {
        const schema = schemaOf(options, context);
        if (schema === 'full') {
          report(call, { confidence: 'high', detail: '(`DEFAULT_FULL_SCHEMA` constructs JavaScript functions from `!!js/function` tags)' });
          return;
        }
        if (schema === 'safe') return;
        const risk = argumentRisk(first, context, 'any');
        if (risk?.kind === 'tainted') report(call, { confidence: 'medium', detail: `(request data \`${risk.trace.source}\`; \`load\` uses the unsafe full schema before js-yaml 4)` });
        return;
      }
      if ((callee.module === 'v8' && name === 'deserialize') || (/^(?:bson|mongodb)$/.test(callee.module) && /deserialize$/.test(name) && evalFunctions(options, context))) {
        const risk = argumentRisk(first, context, 'any');
        if (risk?.kind === 'tainted') report(call, { confidence: risk.trace.confidence, detail: `(request data \`${risk.trace.source}\`)` });
      }
    },
  }),
);

/** 'full' for `{ schema: yaml.DEFAULT_FULL_SCHEMA }`, 'safe' for a safe schema, undefined when none is given. */
function schemaOf(options: Node | undefined, context: Rule.RuleContext): 'full' | 'safe' | undefined {
  if (options === undefined || options.type === 'SpreadElement') return undefined;
  const inner = unwrap(options);
  if (inner.type !== 'ObjectExpression') return undefined;
  for (const property of inner.properties) {
    if (property.type !== 'Property' || staticPropertyName(property.key, property.computed) !== 'schema') continue;
    const value = unwrap(property.value);
    if (/DEFAULT_FULL_SCHEMA|js-yaml-js-types/.test(context.sourceCode.getText(value))) return 'full';
    const resolved = resolveCallee(value, context);
    const schemaName = resolved?.path.at(-1) ?? (value.type === 'MemberExpression' ? staticPropertyName(value.property, value.computed) : value.type === 'Identifier' ? value.name : undefined);
    if (schemaName === 'DEFAULT_FULL_SCHEMA') return 'full';
    if (schemaName !== undefined && SAFE_SCHEMAS.test(schemaName)) return 'safe';
  }
  return undefined;
}

function evalFunctions(options: Node | undefined, context: Rule.RuleContext): boolean {
  if (options === undefined || options.type === 'SpreadElement') return false;
  const inner = unwrap(options);
  if (inner.type !== 'ObjectExpression') return false;
  return inner.properties.some((property) => property.type === 'Property' && staticPropertyName(property.key, property.computed) === 'evalFunctions' && context.sourceCode.getText(property.value) === 'true');
}
