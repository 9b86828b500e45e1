import type { CallExpression } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { isTextSafe } from './text-safe.js';

function safe(code: string): boolean[] {
  return probe(code, 'CallExpression[callee.name="sink"]', (node, context) => isTextSafe((node as CallExpression).arguments[0]!, context, 'sql'));
}

describe('isTextSafe', () => {
  it('accepts placeholders, numbers, escapes, allow-listed and program-chosen values', () => {
    expect(
      safe(`
        const COLUMNS = { price: 'amount_cents', date: 'created_at' };
        function f(ids, sort, n: number, name) {
          sink(ids.map(() => '?').join(', '));
          sink(ids.map((_, i) => \`$\${i + 1}\`).join(', '));
          sink(COLUMNS[sort]);
          sink(n * 2);
          sink(mysql.escape(name));
          sink(['asc', 'desc'].includes(sort) ? sort : 'asc');
          sink(sql\`x\`);
          sink(path.join(__dirname, 'data'));
          sink(process.env.TABLE_PREFIX);
        }
      `),
    ).toEqual([true, true, true, true, true, true, true, true, true]);
  });

  it('rejects values that carry text from elsewhere', () => {
    expect(
      safe(`
        function f(ids, sort, name, rows) {
          sink(ids.map((id) => \`'\${id}'\`).join(', '));
          sink(sort);
          sink(encodeURIComponent(name));
          sink(path.join(__dirname, name));
          sink(rows[0].title);
        }
      `),
    ).toEqual([false, false, false, false, false]);
  });
});
