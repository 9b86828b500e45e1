import type { CallExpression } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { isNumericLike, PLACEHOLDER, stringShape } from './string-shape.js';

function shapes(code: string): { text: string; dynamic: string[] }[] {
  return probe(code, 'CallExpression[callee.name="sink"]', (node, context) => {
    const shape = stringShape((node as CallExpression).arguments[0]!, context);
    return { text: shape.text.replaceAll(PLACEHOLDER, '?'), dynamic: shape.dynamic.map((part) => context.sourceCode.getText(part)) };
  });
}

describe('stringShape', () => {
  it('splits concatenation, templates, += on a variable and constant bindings into text and parts', () => {
    const found = shapes(`
      const TABLE = 'users';
      function f(id, name, status) {
        sink('SELECT * FROM ' + TABLE + ' WHERE id = ' + id);
        sink(\`UPDATE t SET name = '\${name.trim()}'\`);
        let sql = 'SELECT 1 FROM t WHERE 1 = 1';
        if (status) sql += " AND status = '" + status + "'";
        sink(sql);
        sink(['a', name].join('-'));
      }
    `);
    expect(found).toEqual([
      { text: 'SELECT * FROM users WHERE id = ?', dynamic: ['id'] },
      { text: "UPDATE t SET name = '?'", dynamic: ['name'] }, // trim() keeps the text
      { text: "SELECT 1 FROM t WHERE 1 = 1 AND status = '?'", dynamic: ['status'] },
      { text: 'a-?', dynamic: ['name'] },
    ]);
  });

  it('only counts writes before the use', () => {
    const found = shapes(`
      function f(a) { let q = 'SELECT a FROM t WHERE x = ' + a; sink(q); q = 'reset'; }
    `);
    expect(found).toEqual([{ text: 'SELECT a FROM t WHERE x = ?', dynamic: ['a'] }]);
  });
});

describe('isNumericLike', () => {
  it('knows numbers, lengths, dates and typed number parameters', () => {
    const found = probe(
      `
      function f(n: number, s: string, list: string[]) {
        const limit = parseInt(s, 10) || 20;
        sink(limit); sink(list.length); sink(n); sink(s); sink(Date.now()); sink(n * 2); sink(s + 1);
      }
    `,
      'CallExpression[callee.name="sink"]',
      (node, context) => isNumericLike((node as CallExpression).arguments[0]!, context),
    );
    expect(found).toEqual([true, true, true, false, true, true, false]);
  });
});
