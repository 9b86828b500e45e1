// Where SQL text goes: the calls of pg, mysql/mysql2, knex, Sequelize, TypeORM, Prisma,
// better-sqlite3, sqlite3, postgres.js and drizzle that take a query string, and the argument that
// holds it. Method names like `query` or `get` are everywhere, so a call only counts as a SQL sink
// when the method is unambiguous (`$queryRawUnsafe`, `whereRaw`), the receiver is named like a
// database handle (`db`, `pool`, `client`, `connection`, `knex`, `sequelize`, `queryRunner`...), or
// the text itself reads as SQL.
import type { CallExpression, Node } from 'estree';
import { staticPropertyName, stripWrappers as unwrap } from './syntax-helpers.js';

export interface SqlSink {
  /** The argument holding the SQL text (for `{ text, values }` / `{ sql }` configs: that property's value). */
  readonly query: Node;
  readonly method: string;
  /** True when the method alone says "raw SQL here"; false when only the receiver or the text does. */
  readonly unambiguous: boolean;
  /** True when the receiver is named like a database handle. */
  readonly databaseReceiver: boolean;
  /** True for a TypeORM query-builder method (`where`, `orderBy`, `select`...): it takes SQL fragments. */
  readonly builder: boolean;
}

/** Methods whose first argument is raw SQL by definition. */
const RAW_METHODS = new Set([
  '$queryRawUnsafe', '$executeRawUnsafe', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'joinRaw', 'orderByRaw',
  'groupByRaw', 'fromRaw', 'unsafe',
]);
/** Methods that take SQL on a database handle (pg, mysql, sqlite, Sequelize, TypeORM, knex). */
const QUERY_METHODS = new Set(['query', 'execute', 'raw', 'prepare', 'all', 'run', 'get', 'each', 'exec', 'literal', 'queryRaw', 'executeQuery', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result']);
/** TypeORM query builder methods that take a condition string. */
const BUILDER_METHODS = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving', 'orderBy', 'addOrderBy', 'select', 'addSelect', 'leftJoinAndSelect', 'innerJoinAndSelect', 'leftJoin', 'innerJoin', 'setParameter']);
const DATABASE_RECEIVER = /^(?:db|database|pool|client|conn|connection|knex|sequelize|sql|pg|mysql|sqlite|prisma|tx|trx|transaction|manager|entityManager|queryRunner|dataSource|datasource|pgPool|pgClient|dbClient|dbPool|dbConnection|mysqlConnection|pgp|models\.sequelize|this\.db|this\.pool|this\.client|this\.connection|this\.knex|this\.sequelize|this\.manager|this\.dataSource)$/i;

export function sqlSinkOf(call: CallExpression): SqlSink | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = staticPropertyName(callee.property, callee.computed);
  if (method === undefined) return undefined;
  const [first] = call.arguments;
  if (first === undefined || first.type === 'SpreadElement') return undefined;
  const receiver = receiverName(callee.object);
  const databaseReceiver = receiver !== undefined && DATABASE_RECEIVER.test(receiver);
  // Prisma.raw(x) / Prisma.sql is the safe tag
  if (method === 'raw' && receiver === 'Prisma') return { query: first, method, unambiguous: true, databaseReceiver: true, builder: false };
  if (RAW_METHODS.has(method)) return { query: first, method, unambiguous: true, databaseReceiver, builder: false };
  const builder = BUILDER_METHODS.has(method) && isQueryBuilder(callee.object);
  if (QUERY_METHODS.has(method) || builder) return { query: configText(first) ?? first, method, unambiguous: false, databaseReceiver: databaseReceiver || builder, builder };
  return undefined;
}

/** `{ text: sql, values }` (pg) / `{ sql, values }` (mysql): the SQL property. */
function configText(node: Node): Node | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'ObjectExpression') return undefined;
  for (const property of inner.properties) {
    if (property.type !== 'Property') continue;
    const key = staticPropertyName(property.key, property.computed);
    if (key === 'text' || key === 'sql' || key === 'query') return property.value;
  }
  return undefined;
}

/** `x.createQueryBuilder(...)....` somewhere down the receiver chain. */
function isQueryBuilder(node: Node): boolean {
  let current: Node = unwrap(node);
  for (let steps = 0; steps < 16; steps++) {
    if (current.type === 'CallExpression') {
      const callee = unwrap(current.callee);
      if (callee.type === 'MemberExpression' && staticPropertyName(callee.property, callee.computed) === 'createQueryBuilder') return true;
      current = callee.type === 'MemberExpression' ? unwrap(callee.object) : callee;
    } else if (current.type === 'MemberExpression') current = unwrap(current.object);
    else return current.type === 'Identifier' && /(?:queryBuilder|qb)$/i.test(current.name);
  }
  return false;
}

function receiverName(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') {
    const name = staticPropertyName(inner.property, inner.computed);
    const object = unwrap(inner.object);
    if (name === undefined) return undefined;
    if (object.type === 'ThisExpression') return `this.${name}`;
    if (object.type === 'Identifier' && name === 'sequelize') return `models.sequelize`;
    return name;
  }
  // (await getPool()).query(...), getConnection().query(...)
  if (inner.type === 'CallExpression' || inner.type === 'AwaitExpression') {
    const callee = inner.type === 'AwaitExpression' ? unwrap(inner.argument) : inner;
    if (callee.type === 'CallExpression') {
      const fn = unwrap(callee.callee);
      const name = fn.type === 'Identifier' ? fn.name : fn.type === 'MemberExpression' ? staticPropertyName(fn.property, fn.computed) : undefined;
      if (name !== undefined && /(?:pool|connection|client|db|database|manager|knex)$/i.test(name)) return 'db';
    }
  }
  return undefined;
}

/** Text that reads as a SQL statement (not just any string with the word "select"). */
export function looksLikeSql(text: string): boolean {
  return /\b(?:select\b[\s\S]*?\bfrom\b|insert\s+(?:or\s+\w+\s+)?into\b|update\s+[`"[\]\w.]+\s+set\b|delete\s+from\b|replace\s+into\b|create\s+(?:table|index|view)\b|drop\s+(?:table|index|view)\b|alter\s+table\b|truncate\s+table\b)/i.test(text);
}

/** A condition fragment as the TypeORM builder takes it: `user.name = '...'`, `id IN (...)`. */
export function looksLikeCondition(text: string): boolean {
  text = text.replaceAll('\u0000', 'x'); // a placeholder stands for an identifier or value
  return /[\w.`"]+\s*(?:=|<>|!=|<=|>=|<|>|\blike\b|\bin\b|\bis\b)\s*/i.test(text) || /\b(?:and|or|where|order\s+by|asc|desc)\b/i.test(text);
}
