// mass-assignment: the client's whole body (or query) becomes a stored object's fields, so a
// client can set `role`, `isAdmin`, `ownerId`, `price` or `verified` along with its name.
import type { CallExpression, Node, NewExpression } from 'estree';
import type { Rule } from 'eslint';
import { resolveCallee } from '../analysis/callee.js';
import { checkedBefore } from '../analysis/checked-before.js';
import { findVariable, singleBinding } from '../analysis/scope.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import { nestedRequestObjectOf, wholeRequestOf } from '../analysis/whole-request.js';
import type { WholeRequest } from '../analysis/whole-request.js';
import { defineRule } from './define.js';
import type { Level } from './types.js';

/** Store methods and the argument positions that carry the new field values. */
const VALUE_ARGUMENTS: Readonly<Record<string, readonly number[]>> = {
  create: [0], build: [0], insert: [0], insertOne: [0], insertMany: [0], bulkCreate: [0], upsert: [0], save: [0],
  createOne: [0], createMany: [0], findOrCreate: [], // findOrCreate({ where, defaults }) is checked through `defaults`
  update: [0, 1], updateOne: [1], updateMany: [1], replaceOne: [1], findByIdAndUpdate: [1], findOneAndUpdate: [1],
  findOneAndReplace: [1], set: [0], merge: [1, 2], assign: [1], patch: [0], updateById: [1], replaceById: [1], patchAttributes: [0],
  updateAttributes: [0], setAttributes: [0],
  // Objection, Drizzle, MikroORM
  patchAndFetchById: [1], updateAndFetchById: [1], insertAndFetch: [0], insertGraph: [0], upsertGraph: [0], values: [0],
};
/** Receivers that are not stores (crypto hashes, HTTP objects, clients, collections in memory). */
const NOT_STORES = /^(?:res|response|reply|req|request|ctx|c|headers|Object|Promise|Reflect|JSON|Array|Map|Set|axios|http|https|got|superagent|hash|hmac|cipher|decipher|sign|verify|md5|sha\d*|crypto|jwt|jsonwebtoken|url|searchParams|params|form|formData|cache|redis|client|localStorage|sessionStorage|cookies?|session|moment|dayjs|date|_|lodash|underscore)$/i;
const HASH_FACTORIES = /^(?:createHash|createHmac|createCipheriv|createDecipheriv|createSign|createVerify)$/;
/** Receivers that are clearly models, repositories or query builders. */
const MODEL_LIKE = /^[A-Z]|repo|repository|model|collection|table|dao|entity|store|db|knex|prisma|mongoose|sequelize|user|account|profile|customer|order|document|doc|record|item/i;
/** Classes that are not models (`new Error(req.body)` is not mass assignment). */
const NOT_MODEL_CLASSES = /(?:Error|Exception|Event|Stream|Emitter|Parser|Builder|Client|Request|Response|Headers|Params|Map|Set|Buffer|Date|URL|RegExp|Promise|Proxy|Worker|Blob|FormData|Service|Controller|Validator|Schema)$/;

export const massAssignment = defineRule(
  {
    id: 'mass-assignment',
    name: 'Request body assigned wholesale to a stored object',
    cwe: 915,
    owasp: 'A08:2021-Software and Data Integrity Failures',
    severity: 'high',
    confidence: 'high',
    message: "The client's whole request object sets this record's fields: a client can set fields it should not (role, isAdmin, ownerId, price).",
    fix: 'Copy only the fields the client may set (`const { name, email } = req.body`, `_.pick(req.body, [...])`), or validate with a schema that strips unknown keys, before creating or updating the record.',
    docs: {
      description:
        'Mass assignment (OWASP API3 broken object property level authorization): `User.create(req.body)`, `Model.update(req.body, ...)`, `prisma.user.update({ data: req.body })`, `new User(req.body)`, `user.set(req.body)`, `repository.merge(entity, req.body)`, `Object.assign(user, req.body)`, `{ $set: req.body }` in a MongoDB update. ' +
        'Copies that keep every key (`{ ...req.body }`, `Object.assign({}, req.body)`, `_.omit(req.body, ...)`, a rest element) count as the whole body; picked fields, a schema parse result and Sequelize `fields: [...]` options do not. ' +
        'NestJS `@Body()` DTOs are not reported (the ValidationPipe whitelist is configured elsewhere). A schema check of the whole body before the write (`validate(req.body)`, Joi refuses unknown keys by default) lowers the confidence to low.',
      vulnerable: "app.post('/api/users', async (req, res) => {\n  const user = await User.create(req.body);\n  res.status(201).json(user);\n});",
      safe: "app.post('/api/users', async (req, res) => {\n  const { name, email, password } = req.body;\n  const user = await User.create({ name, email, password });\n  res.status(201).json(user);\n});",
    },
  },
  (context, report) => {
    const found = (node: Node, whole: WholeRequest, modelLike: boolean): void => {
      let confidence: Level = modelLike && whole.exact ? 'high' : 'medium';
      // A schema check of the body first (Joi refuses unknown keys by default): maybe only known fields arrive.
      if (validatedBefore(node, context)) confidence = 'low';
      report(node, { confidence, detail: `(\`${whole.source}\`)` });
    };
    return {
      CallExpression(call) {
        const callee = stripWrappers(call.callee);
        if (callee.type === 'MemberExpression') {
          const method = staticPropertyName(callee.property, callee.computed);
          if (method === undefined) return;
          // Object.assign(user, req.body): a copy into an existing object, not `{}`.
          if (method === 'assign' && isObjectAssign(call, context)) {
            const target = call.arguments[0];
            if (target === undefined || isFreshObject(target, context)) return;
            for (const arg of call.arguments.slice(1)) {
              const whole = arg.type === 'SpreadElement' ? undefined : wholeRequestOf(arg, context);
              if (whole !== undefined) return found(call, whole, targetLooksStored(target));
            }
            return;
          }
          // wrap(entity).assign(req.body) (MikroORM) takes the values first.
          const positions = method === 'assign' && call.arguments.length === 1 ? [0] : Object.hasOwn(VALUE_ARGUMENTS, method) ? VALUE_ARGUMENTS[method] : undefined;
          if (positions === undefined || !isStoreReceiver(callee.object, context)) return;
          if (method === 'set' && call.arguments.length !== 1) return; // Map#set(key, value)
          if (restrictsFields(call)) return;
          const modelLike = receiverIsModelLike(callee.object);
          for (const index of positions) {
            const arg = call.arguments[index];
            if (arg === undefined || arg.type === 'SpreadElement') continue;
            const whole = wholeRequestOf(arg, context) ?? nestedValues(arg, context) ?? (modelLike ? nestedRequestObjectOf(arg, context) : undefined);
            if (whole !== undefined) return found(call, whole, modelLike);
          }
          // prisma.user.create({ data: req.body }), upsert({ create, update }), findOrCreate({ defaults })
          const first = call.arguments[0];
          if (first?.type === 'ObjectExpression') {
            const whole = dataProperty(first, context);
            if (whole !== undefined) return found(call, whole, modelLike);
          }
        }
      },
      NewExpression(node: NewExpression) {
        const callee = stripWrappers(node.callee);
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticPropertyName(callee.property, callee.computed) : undefined;
        if (name === undefined || !/^[A-Z]/.test(name) || NOT_MODEL_CLASSES.test(name)) return;
        if (!isModelClass(callee, context)) return;
        const arg = node.arguments[0];
        if (arg === undefined || arg.type === 'SpreadElement') return;
        const whole = wholeRequestOf(arg, context) ?? nestedRequestObjectOf(arg, context);
        if (whole !== undefined) found(node, whole, true);
      },
    };
  },
);

const VALIDATION = /^(?:validate\w*|\w*Validat\w*|celebrate|check\w*Schema|assert\w*|parse|safeParse)$/;

function validatedBefore(node: Node, context: Rule.RuleContext): boolean {
  return checkedBefore(node, (candidate) => {
    if (candidate.type !== 'CallExpression') return false;
    const callee = stripWrappers(candidate.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticPropertyName(callee.property, callee.computed) : undefined;
    if (name === undefined || !VALIDATION.test(name)) return false;
    return candidate.arguments.some((arg) => arg.type !== 'SpreadElement' && wholeRequestOf(arg, context) !== undefined);
  });
}

function isObjectAssign(call: CallExpression, context: Rule.RuleContext): boolean {
  const resolved = resolveCallee(call, context);
  if (resolved === undefined) return false;
  if (resolved.module === undefined) return resolved.path.join('.') === 'Object.assign';
  return /^(?:lodash|underscore|lodash\.assign)$/.test(resolved.module) && /^(?:assign|extend|assignIn)$/.test(resolved.path.at(-1) ?? '');
}

/** `{}`, `Object.create(null)`, or a const bound to one: copying into it is a copy, not an update. */
function isFreshObject(node: Node, context: Rule.RuleContext): boolean {
  const inner = stripWrappers(node);
  if (inner.type === 'ObjectExpression') return true;
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && staticPropertyName(inner.callee.property, inner.callee.computed) === 'create') return true;
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    return binding !== undefined && binding.declarator.id === binding.name && isFreshObject(binding.init, context);
  }
  return false;
}

function targetLooksStored(target: Node): boolean {
  const inner = stripWrappers(target);
  if (inner.type === 'ThisExpression') return true;
  const name = inner.type === 'Identifier' ? inner.name : inner.type === 'MemberExpression' ? staticPropertyName(inner.property, inner.computed) : undefined;
  return name !== undefined && MODEL_LIKE.test(name);
}

function receiverName(node: Node): string | undefined {
  const inner = stripWrappers(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return staticPropertyName(inner.property, inner.computed);
  if (inner.type === 'CallExpression') return receiverName(inner.callee);
  if (inner.type === 'ThisExpression') return 'this';
  return undefined;
}

function isStoreReceiver(node: Node, context: Rule.RuleContext): boolean {
  const inner = stripWrappers(node);
  const name = receiverName(inner);
  if (name === undefined || NOT_STORES.test(name) || HASH_FACTORIES.test(name)) return false;
  if (name === 'this') return false;
  // A receiver imported from an HTTP client or from lodash is not a store.
  const resolved = resolveCallee(inner, context);
  if (resolved?.module !== undefined && /^(?:axios|got|node-fetch|undici|superagent|needle|request|lodash|underscore|crypto|http|https)$/.test(resolved.module)) return false;
  return true;
}

/** Layers that may pick fields themselves before they store anything. */
const LAYERS = /service|controller|manager|helper|handler|api|client|provider|util|facade|usecase/i;

function receiverIsModelLike(node: Node): boolean {
  const name = receiverName(node);
  return name !== undefined && MODEL_LIKE.test(name) && !LAYERS.test(name);
}

/** Sequelize `{ fields: [...] }` / Mongoose `{ strict: 'throw' }`-style options naming allowed fields. */
function restrictsFields(call: CallExpression): boolean {
  return call.arguments.some(
    (arg) => arg.type === 'ObjectExpression' && arg.properties.some((p) => p.type === 'Property' && /^(?:fields|attributes|select)$/.test(staticPropertyName(p.key, p.computed) ?? '') && p.value.type === 'ArrayExpression'),
  );
}

/** `{ $set: req.body }` in a MongoDB update document. */
function nestedValues(node: Node, context: Rule.RuleContext): WholeRequest | undefined {
  const inner = stripWrappers(node);
  if (inner.type !== 'ObjectExpression') return undefined;
  for (const property of inner.properties) {
    if (property.type !== 'Property' || !/^\$(?:set|setOnInsert)$/.test(staticPropertyName(property.key, property.computed) ?? '')) continue;
    const whole = wholeRequestOf(property.value, context);
    if (whole !== undefined) return whole;
  }
  return undefined;
}

function dataProperty(object: Node, context: Rule.RuleContext): WholeRequest | undefined {
  if (object.type !== 'ObjectExpression') return undefined;
  for (const property of object.properties) {
    if (property.type !== 'Property' || !/^(?:data|create|update|defaults|values)$/.test(staticPropertyName(property.key, property.computed) ?? '')) continue;
    const whole = wholeRequestOf(property.value, context);
    if (whole !== undefined) return whole;
  }
  return undefined;
}

/** A class from a models/entities module, a mongoose/sequelize model, or a local ORM entity. */
function isModelClass(callee: Node, context: Rule.RuleContext): boolean {
  const resolved = resolveCallee(callee, context);
  if (resolved?.module !== undefined) return /(?:^|[/.])(?:models?|entit(?:y|ies)|schemas?|db|database|orm)(?:[/.]|$)/i.test(resolved.module) || /model|entity/i.test(resolved.module);
  if (callee.type !== 'Identifier') return false;
  const binding = singleBinding(findVariable(callee, context));
  if (binding !== undefined) {
    const init = stripWrappers(binding.init);
    // const User = mongoose.model('User', schema) / sequelize.define('user', ...)
    if (init.type === 'CallExpression') {
      const name = receiverName(init.callee);
      return name === 'model' || name === 'define';
    }
    return false;
  }
  const variable = findVariable(callee, context);
  const def = variable?.defs[0];
  if (def?.type === 'ClassName') {
    const superClass = (def.node as { superClass?: Node | null }).superClass;
    const name = superClass ? receiverName(superClass) : undefined;
    return name !== undefined && /^(?:Model|BaseEntity|Entity|Document)$/.test(name);
  }
  return false;
}
