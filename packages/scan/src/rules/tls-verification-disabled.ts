// Certificate verification switched off (CWE-295): `rejectUnauthorized: false` (https.Agent,
// tls.connect, axios httpsAgent, got's `https` options, undici `connect`, database `ssl` options),
// `strictSSL: false` (request), `checkServerIdentity` that accepts everything, and
// NODE_TLS_REJECT_UNAUTHORIZED=0 for the whole process.
import type { Node } from 'estree';
import { staticValue } from '../analysis/constant.js';
import { lastName } from '../analysis/flow-target.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import type { Level } from './types.js';
import { defineRule } from './define.js';
import type { Rule } from 'eslint';

type WithParent = Node & { parent?: Node };

function isFalse(node: Node, context: Rule.RuleContext): boolean {
  const value = staticValue(node, context);
  return value !== undefined && (value.value === false || value.value === 0);
}

/** `() => undefined`, `() => {}`, `function () { return; }`: accepts any host. */
function acceptsEverything(node: Node): boolean {
  const fn = stripWrappers(node);
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return false;
  const body = fn.body;
  if (body.type !== 'BlockStatement') return (body.type === 'Identifier' && body.name === 'undefined') || (body.type === 'Literal' && body.value === null) || (body.type === 'UnaryExpression' && body.operator === 'void');
  return body.body.every((statement) => statement.type === 'ReturnStatement' && (statement.argument === null || statement.argument === undefined || (statement.argument.type === 'Identifier' && statement.argument.name === 'undefined')));
}

// `ssl: { rejectUnauthorized: false }` of a database client: the same MITM exposure, often
// accepted knowingly for a managed database inside one network; one notch lower.
function level(property: Node): Level {
  const object = ((property as WithParent).parent ?? undefined);
  let holder = object === undefined ? undefined : ((object as WithParent).parent ?? undefined);
  // ssl: isProd ? { rejectUnauthorized: false } : false
  while (holder !== undefined && (holder.type === 'ConditionalExpression' || holder.type === 'LogicalExpression')) holder = (holder as WithParent).parent ?? undefined;
  if (holder?.type === 'Property' && staticPropertyName(holder.key, holder.computed) === 'ssl') return 'medium';
  return 'high';
}

const TLS_ENV = 'NODE_TLS_REJECT_UNAUTHORIZED';

function isProcessEnvMember(node: Node): boolean {
  const inner = stripWrappers(node);
  if (inner.type !== 'MemberExpression' || staticPropertyName(inner.property, inner.computed) !== TLS_ENV) return false;
  const env = stripWrappers(inner.object);
  return env.type === 'MemberExpression' && staticPropertyName(env.property, env.computed) === 'env' && env.object.type === 'Identifier' && env.object.name === 'process';
}

export const tlsVerificationDisabled = defineRule(
  {
    id: 'tls-verification-disabled',
    name: 'TLS certificate verification disabled',
    cwe: 295,
    owasp: 'A07:2021-Identification and Authentication Failures',
    bandit: 'B501',
    severity: 'high',
    confidence: 'high',
    message: 'TLS certificate verification is disabled: anyone on the network path can impersonate the server and read or change the traffic.',
    fix: 'Remove the override; for a private CA pass its certificate as `ca` (or set NODE_EXTRA_CA_CERTS) instead of turning verification off.',
    docs: {
      description:
        'Reports `rejectUnauthorized: false` in any options object (https/tls agents, axios `httpsAgent`, got `https`, undici `connect`, WebSocket and database clients; database `ssl` options with medium confidence), ' +
        '`strictSSL: false`, a `checkServerIdentity` that returns nothing, assignments of `false` to `.rejectUnauthorized`, and `NODE_TLS_REJECT_UNAUTHORIZED` set to `0`, in `process.env` or in a child process environment.',
      vulnerable: "const agent = new https.Agent({ rejectUnauthorized: false });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
      safe: "const agent = new https.Agent({ ca: fs.readFileSync('internal-ca.pem') });",
    },
  },
  (context, report) => ({
    Property(node) {
      if (node.kind !== 'init' || (node.parent as Node | undefined)?.type !== 'ObjectExpression') return;
      const name = staticPropertyName(node.key, node.computed);
      if ((name === 'rejectUnauthorized' || name === 'strictSSL') && isFalse(node.value, context)) report(node, { confidence: level(node), detail: `(\`${name}: false\`)` });
      else if (name === 'checkServerIdentity' && acceptsEverything(node.value)) report(node, { detail: '(`checkServerIdentity` accepts any certificate)' });
      else if (name === TLS_ENV && isFalse(node.value, context) || (name === TLS_ENV && staticValue(node.value, context)?.value === '0')) report(node, { detail: `(${TLS_ENV}=0 in a child process environment)` });
    },
    AssignmentExpression(node) {
      if (node.operator !== '=') return;
      const name = lastName(node.left);
      if (isProcessEnvMember(node.left)) {
        const value = staticValue(node.right, context)?.value;
        if (value === '0' || value === 0 || value === false) report(node, { detail: `(${TLS_ENV}=0 turns verification off for every connection of the process)` });
      } else if ((name === 'rejectUnauthorized' || name === 'strictSSL') && isFalse(node.right, context)) report(node, { detail: `(\`${name} = false\`)` });
    },
  }),
);
