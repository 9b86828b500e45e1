// Which values of a handler are object ids chosen by the client: route parameters
// (req.params.id, const { id } = req.params, request.params, ctx.params, c.req.param('id'),
// NestJS @Param('id')), and id-named fields of the query or body (req.query.userId, req.body.id),
// also through Number(), parseInt(), +x, new ObjectId(x) and similar wrappers.
import type { Node, Pattern } from 'estree';
import { calleeName, decoratorsOf, isFunction, keyName, literalString, memberPath, unwrap, walk } from './route-syntax.js';
import type { FunctionLike } from './route-syntax.js';

/** Field names that carry an object id. */
export const ID_NAME = /^(?:id|_id|uuid|guid|slug|[a-z][a-zA-Z0-9]*(?:Id|ID|Uuid|_id))$/;

export interface ObjectIds {
  /** Local variables that hold a client-chosen id. */
  readonly variables: ReadonlySet<string>;
  /** Whether `node` is (or wraps) a client-chosen id. */
  isId(node: Node): boolean;
  /** The first id reference inside `node` (nested callbacks included), for the finding. */
  find(node: Node): Node | undefined;
  /** Names of the ids (param names), for guessing what kind of object is loaded. */
  readonly names: readonly string[];
}

const WRAPPERS = /^(?:Number|parseInt|parseFloat|String|BigInt|ObjectId|ObjectID|toObjectId|Types\.ObjectId|isValidObjectId|decodeURIComponent|trim|toString|valueOf)$/;

export function objectIdsOf(handler: FunctionLike): ObjectIds {
  const first = handler.params[0];
  const request = first?.type === 'Identifier' ? first.name : undefined;
  const variables = new Set<string>();
  const names: string[] = [];
  /** Variables that hold a whole params object (`const params = req.params`, Nest `@Param() p`). */
  const paramObjects = new Set<string>();
  /** Variables that hold the query or the body, where id-named fields count (`({ query }, res) =>`). */
  const fieldObjects = new Set<string>();
  // Juice Shop style: ({ params, query, body }, res) => ...
  if (first?.type === 'ObjectPattern') {
    for (const property of first.properties) {
      if (property.type !== 'Property' || property.value.type !== 'Identifier') continue;
      const key = keyName(property.key, property.computed);
      if (key === 'params') paramObjects.add(property.value.name);
      if (key === 'query' || key === 'body') fieldObjects.add(property.value.name);
    }
  }

  for (const param of handler.params) {
    const target = param;
    for (const decorator of decoratorsOf(target)) {
      const name = target.type === 'Identifier' ? target.name : target.type === 'AssignmentPattern' && target.left.type === 'Identifier' ? target.left.name : undefined;
      if (name === undefined) continue;
      const field = literalString(decorator.args[0]);
      if (decorator.name === 'Param' && field === undefined) paramObjects.add(name);
      if (decorator.name === 'Param' && field !== undefined) {
        variables.add(name);
        names.push(field);
      }
      if ((decorator.name === 'Query' || decorator.name === 'Body') && field !== undefined && ID_NAME.test(field)) {
        variables.add(name);
        names.push(field);
      }
    }
  }

  /** Whether a member path is a client id: req.params.x, ctx.params.x, req.query.userId ... */
  const idPath = (path: readonly string[] | undefined): string | undefined => {
    if (path === undefined) return undefined;
    if (path.length === 2 && paramObjects.has(path[0] ?? '')) return path[1];
    if (path.length === 2 && fieldObjects.has(path[0] ?? '') && ID_NAME.test(path[1] ?? '')) return path[1];
    if (request === undefined || path[0] !== request) return undefined;
    const rest = path[1] === 'request' ? path.slice(2) : path.slice(1);
    if (rest.length !== 2) return undefined;
    const [where, field] = rest as [string, string];
    if (where === 'params') return field;
    if ((where === 'query' || where === 'body') && ID_NAME.test(field)) return field;
    return undefined;
  };
  const isParamsObject = (node: Node): 'params' | 'query' | 'body' | undefined => {
    const bare = unwrap(node);
    // Hono: const { id } = c.req.param()
    if (bare.type === 'CallExpression' && bare.arguments.length === 0 && calleeName(bare) === 'param' && memberPath(bare.callee)?.[0] === request) return 'params';
    const path = memberPath(bare);
    if (path === undefined || request === undefined || path[0] !== request) return undefined;
    const rest = path[1] === 'request' ? path.slice(2) : path.slice(1);
    if (rest.length === 1 && (rest[0] === 'params' || rest[0] === 'query' || rest[0] === 'body')) return rest[0];
    return undefined;
  };

  const direct = (node: Node): string | undefined => {
    const bare = unwrap(node);
    const field = idPath(memberPath(bare));
    if (field !== undefined) return field;
    // Hono: c.req.param('id'); Koa/express helpers: req.param('id')
    if (bare.type === 'CallExpression' && calleeName(bare) === 'param') {
      const path = memberPath(bare.callee);
      const key = literalString(bare.arguments[0]);
      if (path !== undefined && path[0] === request && key !== undefined) return key;
    }
    return undefined;
  };
  const isId = (node: Node): boolean => {
    const bare = unwrap(node);
    if (bare.type === 'Identifier') return variables.has(bare.name);
    if (direct(bare) !== undefined) return true;
    if (bare.type === 'UnaryExpression' && (bare.operator === '+' || bare.operator === '-')) return isId(bare.argument);
    if ((bare.type === 'CallExpression' || bare.type === 'NewExpression') && bare.arguments.length >= 1) {
      const callee = memberPath(bare.callee)?.join('.') ?? calleeName(bare) ?? '';
      const last = callee.split('.').pop() ?? '';
      if (WRAPPERS.test(callee) || WRAPPERS.test(last)) return isId(bare.arguments[0] as Node);
      if (bare.callee.type === 'MemberExpression' && /^(?:toString|trim|toLowerCase)$/.test(last)) return isId(bare.callee.object);
    }
    return false;
  };

  const bindPattern = (pattern: Pattern, from: 'params' | 'query' | 'body'): void => {
    if (pattern.type !== 'ObjectPattern') return;
    for (const property of pattern.properties) {
      if (property.type !== 'Property') continue;
      const field = keyName(property.key, property.computed);
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (field === undefined || value.type !== 'Identifier') continue;
      if (from === 'params' || ID_NAME.test(field)) {
        variables.add(value.name);
        names.push(field);
      }
    }
  };

  walk(handler.body, (node) => {
    if (node.type !== 'VariableDeclarator' || node.init === null || node.init === undefined) return undefined;
    const from = isParamsObject(node.init);
    if (from !== undefined && node.id.type === 'ObjectPattern') bindPattern(node.id, from);
    else if (from === 'params' && node.id.type === 'Identifier') paramObjects.add(node.id.name);
    else if (node.id.type === 'Identifier' && isId(node.init)) {
      variables.add(node.id.name);
      names.push(direct(node.init) ?? node.id.name);
    }
    return undefined;
  });

  const find = (root: Node): Node | undefined => {
    let hit: Node | undefined;
    walk(root, (node) => {
      if (hit !== undefined) return false;
      if (node.type === 'Identifier' && variables.has(node.name) && !isPropertyKey(node)) hit = node;
      else if (node.type === 'MemberExpression' || node.type === 'CallExpression') {
        const field = direct(node);
        if (field !== undefined) hit = node;
      }
      return hit === undefined ? undefined : false;
    });
    return hit;
  };
  for (const node of walkDirectIds(handler, direct)) names.push(node);
  return { variables, isId, find, names };
}

function isPropertyKey(node: Node): boolean {
  const parent = (node as Node & { parent?: Node }).parent;
  if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return true;
  if (parent?.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) return true;
  return false;
}

function walkDirectIds(handler: FunctionLike, direct: (node: Node) => string | undefined): string[] {
  const found: string[] = [];
  walk(handler.body, (node) => {
    if (isFunction(node) && node !== handler) return undefined;
    if (node.type === 'MemberExpression' || node.type === 'CallExpression') {
      const field = direct(node);
      if (field !== undefined) found.push(field);
    }
    return undefined;
  });
  return found;
}
