// sql-injection (bandit B608): SQL text built from request data, or from non-constant values in
// a value position, passed to a database call. Parameterised queries, tagged templates and
// constant strings are fine; so are numbers, escaped values and placeholder lists.
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { PLACEHOLDER, stringShape } from '../analysis/string-shape.js';
import { looksLikeCondition, looksLikeSql, sqlSinkOf } from '../analysis/sql-sinks.js';
import { taintOf } from '../analysis/taint.js';
import { stripWrappers as unwrap } from '../analysis/syntax-helpers.js';
import { isTextSafe } from '../analysis/text-safe.js';
import { defineRule } from './define.js';

/** Text right before a part that puts it in a value position: `= `, `= '`, `LIKE '%`, `IN (`, `VALUES (`, `, '`. */
const VALUE_POSITION = /(?:=|<>|!=|<=|>=|<|>|\b(?:i?like)|\bin\s*\(|\bvalues\s*\(|\bset\s+[\w`"]+\s*=|,)\s*['"%(]*$|['"]%?$/i;
/** Methods that run a whole statement: a request string passed as all of it is SQL injection. */
const WHOLE_QUERY_METHODS = new Set(['query', 'execute', 'raw', 'prepare', 'exec', 'unsafe', 'queryRaw', 'executeQuery']);
// (a query builder's where/orderBy/select take SQL fragments: any request text there is reported)
/** `ORDER BY ${sort}`, `GROUP BY ${column}`: an identifier position that no placeholder can fill, so callers must allow-list. */
const SORT_POSITION = /\b(?:order|group)\s+by\s+(?:[\w.`"]+\s*(?:asc|desc)?\s*,\s*)*$/i;

export const sqlInjection = defineRule(
  {
    id: 'sql-injection',
    name: 'SQL built from strings',
    cwe: 89,
    owasp: 'A03:2021-Injection',
    bandit: 'B608',
    severity: 'high',
    confidence: 'high',
    message: 'SQL text is built from non-constant data and passed to the database; an attacker can change the query.',
    fix: 'Pass values as parameters (`$1`/`?` with a values array, Sequelize `replacements`, knex bindings) or use a tagged template (`sql`...``, Prisma `$queryRaw`...``); allow-list identifiers such as sort columns.',
    docs: {
      description:
        'Finds SQL statements assembled by concatenation or template interpolation and passed to pg, mysql/mysql2, knex (`raw`, `whereRaw`, ...), Sequelize `query`/`literal`, TypeORM `query` and query-builder conditions, Prisma `$queryRawUnsafe`/`$executeRawUnsafe`/`Prisma.raw`, better-sqlite3 and sqlite3. High confidence when request data reaches the text; medium when another non-constant value is interpolated where a SQL value goes (`= ${x}`, `LIKE \'%${x}%\'`, `IN (${x})`). Numbers, escaped values (`mysql.escape`), placeholder lists and allow-listed identifiers are not reported.',
      vulnerable: "app.get('/products', async (req, res) => {\n  const rows = await sequelize.query(`SELECT * FROM Products WHERE name LIKE '%${req.query.q}%'`);\n  res.json(rows);\n});",
      safe: "app.get('/products', async (req, res) => {\n  const rows = await sequelize.query('SELECT * FROM Products WHERE name LIKE :q', { replacements: { q: `%${req.query.q}%` } });\n  res.json(rows);\n});",
    },
  },
  (context, report) => ({
    CallExpression(node) {
      const call = node as CallExpression;
      const sink = sqlSinkOf(call);
      // .where({ id: req.params.id }) / .where([...]): the builder parameterises object conditions
      if (sink === undefined || isObjectCondition(sink.query)) return;
      const shape = stringShape(sink.query, context);
      const unsafe = shape.dynamic.map((part) => !isTextSafe(part, context, 'sql'));
      const dynamic = shape.dynamic.filter((_, index) => unsafe[index] === true);
      if (dynamic.length === 0) return;
      const sqlText = looksLikeSql(shape.text) || (sink.databaseReceiver && sink.unambiguous === false && looksLikeCondition(shape.text) && /where|having|order/i.test(sink.method));
      for (const part of dynamic) {
        const trace = taintOf(part, context, { sink: 'sql' });
        if (trace === undefined) continue;
        // an ambiguous method (`get`, `all`, `query`) needs SQL-looking text, unless a database handle's
        // query method runs text that is all request data (`client.query(req.body.sql)`); a key like
        // `session:${id}` on a client named `client` is a key-value store's, not SQL
        const bare = /^[\s;()]*$/.test(shape.text.replaceAll(PLACEHOLDER, ''));
        if (!sink.unambiguous && !sqlText && !(sink.databaseReceiver && bare && WHOLE_QUERY_METHODS.has(sink.method)) && !sink.builder) return;
        report(sinkNode(call), { confidence: trace.confidence, detail: `(request data \`${trace.source}\` reaches \`${sink.method}\`)` });
        return;
      }
      if (!sqlText && !sink.unambiguous) return;
      if (!looksLikeSql(shape.text) && !looksLikeCondition(shape.text)) return;
      if (!valuePosition(shape.text, unsafe, shape.dynamic, context)) return;
      report(sinkNode(call), { confidence: 'medium', detail: `(non-constant values are interpolated into the SQL passed to \`${sink.method}\`)` });
    },
  }),
);

function isObjectCondition(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === 'ObjectExpression' || inner.type === 'ArrayExpression' || inner.type === 'ArrowFunctionExpression' || inner.type === 'NewExpression';
}

/** The method name of the call (`query` in `db.sequelize.query(...)`): the sink's line, also in a builder chain. */
function sinkNode(call: CallExpression): Node {
  const callee = call.callee;
  return callee.type === 'MemberExpression' ? callee.property : call;
}

/**
 * True when an unsafe part (the i-th placeholder, in the order stringShape found them) sits where
 * a SQL value goes, or in an ORDER BY / GROUP BY list (not when it is `this.something`: a table or
 * column the code itself configures).
 */
function valuePosition(text: string, unsafe: readonly boolean[], parts: readonly Node[], context: Rule.RuleContext): boolean {
  const pieces = text.split(PLACEHOLDER);
  return pieces.slice(0, -1).some((before, index) => {
    if (unsafe[index] !== true) return false;
    if (VALUE_POSITION.test(before)) return true;
    const part = parts[index];
    return SORT_POSITION.test(before) && part !== undefined && !/^this\./.test(context.sourceCode.getText(part));
  });
}
