import type { CallExpression, Function as FunctionNode } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { objectIdsOf } from './object-ids.js';
import { walk } from './route-syntax.js';

/** The text of the first id found in each `load(...)` call of the outermost function ('-' for none). */
const ids = (code: string, filename = 'app.ts'): string[] =>
  probe(code, ':function:not(:function *)', (node, context) => {
    const found = objectIdsOf(node as FunctionNode);
    const loads: CallExpression[] = [];
    walk(node, (child) => {
      if (child.type === 'CallExpression' && child.callee.type === 'Identifier' && child.callee.name === 'load') loads.push(child);
    });
    return loads.map((call) => {
      const hit = found.find(call);
      return hit === undefined ? '-' : context.sourceCode.getText(hit);
    });
  }, filename).flat();

describe('objectIdsOf', () => {
  it('finds route parameters directly, destructured, aliased and through number or ObjectId wrappers', () => {
    expect(
      ids(`(req, res) => {
        const { id } = req.params;
        const orderId = Number(req.params.orderId);
        const params = req.params;
        load(req.params.userId); load({ where: { id } }); load(orderId); load(params.invoiceId); load(new ObjectId(req.params.doc)); load('fixed');
      }`),
    ).toEqual(['req.params.userId', 'id', 'orderId', 'params.invoiceId', 'req.params.doc', '-']);
  });

  it('takes id-named body and query fields, not other fields', () => {
    expect(ids(`(req, res) => { load(req.body.id); load(req.query.accountId); load(req.body.email); load(req.query.page); }`)).toEqual(['req.body.id', 'req.query.accountId', '-', '-']);
  });

  it('reads Koa, Hono and NestJS parameters', () => {
    expect(ids(`async (ctx) => { load(ctx.params.id); load(ctx.request.body.userId); }`)).toEqual(['ctx.params.id', 'ctx.request.body.userId']);
    expect(ids(`(c) => load(c.req.param('id'))`)).toEqual([`c.req.param('id')`]);
    expect(ids(`(c) => { const { id } = c.req.param(); return load(id); }`)).toEqual(['id']);
    expect(ids(`({ params, body }, res) => { load(params.id); load(body.basketId); load(body.quantity); }`)).toEqual(['params.id', 'body.basketId', '-']);
    expect(ids(`class A { @Get(':id') findOne(@Param('id') id: string, @Query('q') q: string) { load(+id); load(q); } }`)).toEqual(['id', '-']);
  });
});
