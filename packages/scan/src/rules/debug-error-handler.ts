// Debug behaviour left on in production code (CWE-489/209): the errorhandler middleware and
// Express 3's showStack, Express forced into development mode, NODE_ENV forced to 'development',
// Apollo Server `debug: true` / `includeStacktraceInErrorResponses: true`. Anything inside a
// development-only branch (`if (process.env.NODE_ENV === 'development')`) is fine. A handler that
// sends `err.stack` itself is error-details-leak's finding, not this rule's.
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { resolveCallee, samePath } from '../analysis/callee.js';
import { staticValue } from '../analysis/constant.js';
import { lastName } from '../analysis/flow-target.js';
import { findProperty, objectLiteral } from '../analysis/objects.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import type { Level } from './types.js';
import { defineRule } from './define.js';

type WithParent = Node & { parent?: Node };

/** Inside a branch that only runs outside production (or a ternary/if that tests the environment). */
function inDevelopmentBranch(node: Node, context: Rule.RuleContext): boolean {
  for (let current = node, parent = ((node as WithParent).parent ?? undefined); parent !== undefined; current = parent, parent = ((parent as WithParent).parent ?? undefined)) {
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== current) {
      if (/NODE_ENV|development|production|\benv\b|isDev|isProd|debug/i.test(context.sourceCode.getText(parent.test))) return true;
    }
    if (parent.type === 'LogicalExpression' && parent.right === current && /NODE_ENV|development|isDev|debug/i.test(context.sourceCode.getText(parent.left))) return true;
  }
  return false;
}

function isNodeEnv(node: Node): boolean {
  const inner = stripWrappers(node);
  if (inner.type !== 'MemberExpression' || staticPropertyName(inner.property, inner.computed) !== 'NODE_ENV') return false;
  const env = stripWrappers(inner.object);
  return env.type === 'MemberExpression' && staticPropertyName(env.property, env.computed) === 'env' && env.object.type === 'Identifier' && env.object.name === 'process';
}

export const debugErrorHandler = defineRule(
  {
    id: 'debug-error-handler',
    name: 'Debug mode or stack traces in responses',
    cwe: 209,
    owasp: 'A05:2021-Security Misconfiguration',
    severity: 'medium',
    confidence: 'high',
    message: 'Debug behaviour is enabled outside a development-only branch: stack traces and internals reach the client.',
    fix: "Guard debug middleware with a development check, log the stack on the server and answer with a generic message ({ error: 'Internal Server Error' }).",
    docs: {
      description:
        "Reports the `errorhandler` middleware, Express 3 `errorHandler({ showStack: true })` / `dumpExceptions`, `app.set('env', 'development')`, `process.env.NODE_ENV = 'development'` (a `|| 'development'` default: low), " +
        'and Apollo Server `debug: true` / `includeStacktraceInErrorResponses: true`, unless inside a branch that tests the environment (a handler sending `err.stack` is `error-details-leak`). ' +
        "Not reported: `morgan('dev')` (request logging), Fastify's `logger`, GraphiQL (`graphqlHTTP({ graphiql: true })` is a UI, not a stack leak), Koa's `app.silent`.",
      vulnerable: "app.use(errorhandler());\nconst server = new ApolloServer({ typeDefs, resolvers, includeStacktraceInErrorResponses: true });",
      safe: "if (process.env.NODE_ENV === 'development') app.use(errorhandler());\nconst server = new ApolloServer({ typeDefs, resolvers });",
    },
  },
  (context, report) => {
    const flag = (node: Node, detail: string, confidence: Level = 'high'): void => {
      if (!inDevelopmentBranch(node, context)) report(node, { confidence, detail });
    };
    const checkCall = (node: CallExpression): void => {
      const callee = resolveCallee(node, context);
      if (callee?.module === 'errorhandler' && callee.path.length === 0) return flag(node, '(the errorhandler middleware sends stack traces and source)');
      // Express 3: express.errorHandler({ showStack: true, dumpExceptions: true })
      if (callee?.module === 'express' && samePath(callee.path, ['errorHandler'])) {
        const options = objectLiteral(node.arguments[0] as Node | undefined, context);
        const show = options === undefined ? undefined : findProperty(options, 'showStack') ?? findProperty(options, 'dumpExceptions');
        if (show !== undefined && staticValue(show.value, context)?.value === true) return flag(show, '(express.errorHandler shows stack traces)');
        return;
      }
      if (node.callee.type !== 'MemberExpression') return;
      const method = lastName(node.callee);
      const [first, second] = node.arguments;
      if (method === 'set' && first !== undefined && second !== undefined && first.type !== 'SpreadElement' && second.type !== 'SpreadElement' && staticValue(first, context)?.value === 'env' && staticValue(second, context)?.value === 'development') {
        return flag(node, "(app.set('env', 'development') turns on Express's development error pages)");
      }
    };
    return {
      CallExpression: checkCall,
      AssignmentExpression(node) {
        if (node.operator !== '=') return;
        if (isNodeEnv(node.left)) {
          const right = stripWrappers(node.right);
          if (staticValue(right, context)?.value === 'development') flag(node, "(NODE_ENV is forced to 'development')");
          else if (right.type === 'LogicalExpression' && staticValue(right.right, context)?.value === 'development') flag(node, "(NODE_ENV defaults to 'development' when unset)", 'low');
        }
      },
      Property(node) {
        const name = staticPropertyName(node.key, node.computed);
        if ((name === 'includeStacktraceInErrorResponses' || name === 'debug') && staticValue(node.value, context)?.value === true) {
          const server = (node.parent as WithParent | undefined)?.parent;
          const isApollo = server?.type === 'NewExpression' && /ApolloServer/.test(context.sourceCode.getText(server.callee));
          if (isApollo) flag(node, '(Apollo Server includes stack traces in error responses)');
        }
      },
    };
  },
);
