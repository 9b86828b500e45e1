import type { CallExpression } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { taintOf, type SinkKind, type TaintTrace } from './taint.js';

/** The taint of the first argument of every `sink(...)` call, in source order. */
function sinks(code: string, sink: SinkKind = 'any', filename = 'app.ts'): (TaintTrace | undefined)[] {
  return probe(code, 'CallExpression[callee.name="sink"]', (node, context) => taintOf((node as CallExpression).arguments[0]!, context, { sink }), filename);
}

const handler = (body: string): string => `import express from 'express';\nconst app = express();\napp.post('/items/:id', async (req, res) => {\n${body}\n});`;

describe('taintOf: sources through variables and expressions', () => {
  it('follows member access, destructuring, defaults, rest and nested patterns', () => {
    const found = sinks(handler(`
      const { id } = req.params;
      const { q = 'all', ...filters } = req.query;
      const { body: { user: { name } } } = req;
      const limit = 10;
      sink(id); sink(q); sink(filters); sink(name); sink(req.body.a.b); sink(limit); sink(req.user.id);
    `));
    expect(found.map((t) => t?.source)).toEqual(['req.params.id', 'req.query.q', 'req.query', 'req.body.user.name', 'req.body.a.b', undefined, undefined]);
    expect(found[0]?.confidence).toBe('high');
  });

  it('follows every assignment of a let, +=, templates, concatenation, literals, awaits, conditionals', () => {
    const found = sinks(handler(`
      let sql = 'SELECT * FROM t WHERE 1 = 1';
      if (req.query.name) sql += " AND name = '" + req.query.name + "'";
      let other = 'x';
      other = 'y';
      const where = \`id = \${req.params.id}\`;
      const parts = [where, 'b'];
      const options = { filter: req.body.filter };
      const data = await req.body;
      const pick = req.query.a ? req.query.a : 'none';
      const fallback = req.query.b || 'default';
      const both = req.query.c && 'fixed';
      sink(sql); sink(other); sink(where); sink(parts); sink(options); sink(data); sink(pick); sink(fallback); sink(both);
    `));
    expect(found.map((t) => t !== undefined)).toEqual([true, false, true, true, true, true, true, true, false]);
  });

  it('follows string methods and pass-through functions, and stops at numbers and unknown calls', () => {
    const found = sinks(handler(`
      const a = req.query.a.trim().toLowerCase().split(',').join(' ');
      const b = JSON.stringify(req.body);
      const c = String(Number(req.query.c));
      const d = parseInt(req.params.id, 10);
      const e = +req.query.e;
      const f = Math.max(1, req.query.f);
      const g = req.query.g as unknown as number;
      const h = await lookup(req.query.h);
      const i = req.query.i.length;
      const j = req.query.j.includes('x');
      const k = req.query.k.split(',').map(Number);
      const l = decodeURIComponent(req.query.l);
      sink(a); sink(b); sink(c); sink(d); sink(e); sink(f); sink(g); sink(h); sink(i); sink(j); sink(k); sink(l);
    `));
    expect(found.map((t) => t !== undefined)).toEqual([true, true, false, false, false, false, true, false, false, false, false, true]);
  });

  it('applies sink-specific sanitisers only to their sink', () => {
    const code = handler(`
      const value = encodeURIComponent(req.query.v);
      const file = path.basename(req.params.name);
      sink(value); sink(file);
    `).replace("import express from 'express';", "import express from 'express';\nimport path from 'node:path';");
    expect(sinks(code, 'sql').map((t) => t !== undefined)).toEqual([true, true]);
    expect(sinks(code, 'html').map((t) => t !== undefined)).toEqual([false, true]);
    expect(sinks(code, 'path').map((t) => t !== undefined)).toEqual([true, false]);
  });

  it('keeps a replace() that only strips a few characters, ends one that keeps an allow-list', () => {
    const found = sinks(handler(`
      sink(req.query.a.replace(/'/g, ''));
      sink(req.query.b.replace(/[^a-z0-9_]/gi, ''));
      sink(req.query.c.replace(/\\W/g, ''));
      sink(req.query.d.replace(/[^\\w\\s-]/g, ''));
      sink(req.query.e.replace(/[^\\w;]/g, ''));
    `));
    expect(found.map((t) => t !== undefined)).toEqual([true, false, false, false, true]);
  });
});

describe('taintOf: allow-list guards', () => {
  it('ends the flow where an allow-list check guards the use', () => {
    const found = sinks(handler(`
      const SORTABLE = ['name', 'price'];
      const sort = req.query.sort;
      if (SORTABLE.includes(sort)) sink(sort);
      const order = ['asc', 'desc'].includes(req.query.order) ? req.query.order : 'asc';
      sink(order);
      const dir = req.query.dir;
      if (!new Set(['up', 'down']).has(dir)) return res.status(400).end();
      sink(dir);
      const mode = req.query.mode;
      if (mode === 'fast') sink(mode);
      sink(mode);
      const page = req.query.page;
      if (isNaN(page)) return res.status(400).end();
      sink(page);
      const size = req.query.size;
      if (Number.isInteger(Number(size))) sink(size);
      const raw = req.query.raw;
      if (isNaN(parseInt(raw))) return res.status(400).end();
      sink(raw);
    `));
    expect(found.map((t) => t !== undefined)).toEqual([false, false, false, false, true, false, false, true]);
  });

  it('does not count a check that does not exit', () => {
    const found = sinks(handler(`
      const dir = req.query.dir;
      if (!['up', 'down'].includes(dir)) console.warn('odd direction');
      sink(dir);
    `));
    expect(found[0]?.source).toBe('req.query.dir');
  });
});

describe('taintOf: local functions', () => {
  it('follows returns of local functions, binding parameters to the arguments', () => {
    const found = sinks(`
      function buildWhere(field: string, value: string) { return \`\${field} = '\${value}'\`; }
      const getId = (r) => r.params.id;
      function constant(x: string) { return 'fixed'; }
      export function handler(req, res) {
        sink(buildWhere('name', req.query.name));
        sink(buildWhere('name', 'bob'));
        sink(getId(req));
        sink(constant(req.query.x));
      }
    `);
    expect(found.map((t) => t?.source)).toEqual(['req.query.name', undefined, undefined, undefined]);
  });

  it('taints a parameter that a call in this file passes request data to (one level)', () => {
    const found = sinks(`
      async function findUser(db, email) { sink(email); }
      async function other(db, email) { sink(email); }
      export const login = async (req, res) => {
        await findUser(db, req.body.email);
        await other(db, 'admin@example.com');
      };
    `);
    expect(found.map((t) => t?.source)).toEqual(['req.body.email', undefined]);
  });

  it('terminates on recursion and mutual assignment cycles', () => {
    const found = sinks(handler(`
      let a = req.query.a; let b = a; a = b;
      function loop(x) { return loop(x); }
      sink(b); sink(loop(req.query.z));
    `));
    expect(found[0]?.source).toBe('req.query.a');
    expect(found[1]).toBeUndefined();
  });

  it('follows loops and callbacks over tainted arrays', () => {
    const found = sinks(handler(`
      for (const item of req.body.items) sink(item);
      for (const key in req.body) sink(key);
      req.body.tags.forEach((tag) => sink(tag));
      [1, 2].forEach((n) => sink(n));
      req.json().then((payload) => sink(payload.name));
      db.query('SELECT 1').then((rows) => sink(rows));
    `));
    expect(found.map((t) => t !== undefined)).toEqual([true, true, true, false, true, false]);
  });
});

describe('taintOf: validation', () => {
  it('lowers schema-parsed data to low confidence, and ends it for a restricting schema', () => {
    const found = sinks(handler(`
      const Body = z.object({ name: z.string() });
      const Id = z.coerce.number().int();
      const body = Body.parse(req.body);
      const id = Id.parse(req.params.id);
      sink(body.name); sink(id);
    `));
    expect(found[0]).toEqual({ source: 'req.body.name', confidence: 'low' });
    expect(found[1]).toBeUndefined();
  });
});
