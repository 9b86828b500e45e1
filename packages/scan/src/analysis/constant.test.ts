import { describe, expect, it } from 'vitest';
import type { VariableDeclarator } from 'estree';
import { probe } from '../test-support/rule-probe.js';
import { isStaticString, staticValue } from './constant.js';

// The static value of the initialiser of the last declarator named `probe`.
function valueOf(code: string) {
  const results = probe(code, 'VariableDeclarator[id.name="probe"]', (node, context) => {
    const init = (node as VariableDeclarator).init;
    return init === null || init === undefined ? undefined : staticValue(init, context);
  });
  return results.at(-1);
}

describe('staticValue', () => {
  it.each([
    ["const probe = 'abc';", 'abc'],
    ['const probe = 42;', 42],
    ['const probe = -1;', -1],
    ['const probe = 100_000;', 100000],
    ['const probe = 10 * 1000;', 10000],
    ['const probe = `plain`;', 'plain'],
    ["const A = 'x'; const probe = `${A}-y`;", 'x-y'],
    ["const A = 'se'; const B = A + 'cret'; const probe = B + 1;", 'secret1'],
    ["const probe = 'k' as string;", 'k'],
    ["const probe = ('k' satisfies string);", 'k'],
    ["const K: string | undefined = 'k'; const probe = K!;", 'k'],
    ["const probe = ['a', 1];", ['a', 1]],
    ["const probe = { alg: 'HS256', n: [1] };", { alg: 'HS256', n: [1] }],
    ["const CONFIG = { jwt: { secret: 's3' } }; const probe = CONFIG.jwt.secret;", 's3'],
    ["const CONFIG = { secret: 's3' }; const probe = CONFIG['secret'];", 's3'],
    ["const { secret } = { secret: 's3' }; const probe = secret;", 's3'],
    ["var KEY = 'k'; const probe = KEY;", 'k'],
    ['const probe = undefined;', undefined],
    ['const probe = null;', null],
    ["const K = 'k' as const; const probe = K;", 'k'],
  ])('%s', (code, expected) => {
    expect(valueOf(code)).toEqual({ value: expected });
  });

  it.each([
    'const probe = process.env.SECRET;',
    'const probe = `a${x}`;',
    "const probe = 'a' + x;",
    "let K = 'a'; K = 'b'; const probe = K;",
    'function f(k) { const probe = k; }',
    'const probe = /re/;',
    "const probe = { ...other, a: 'x' };",
    'const probe = { [name]: 1 };',
    "const CONFIG = { secret: 'x' }; CONFIG.secret = process.env.S; const probe = CONFIG.secret;",
    "const LIST = ['a']; LIST.push(x); const probe = LIST;",
    "const CONFIG = { secret: 'x' }; Object.assign(CONFIG, loaded); const probe = CONFIG.secret;",
    "const CONFIG = { secret: 'x' }; const probe = CONFIG.other;",
    "const probe = fn('x');",
    "for (var K of ['a', 'b']) { var probe = K; }",
  ])('not static: %s', (code) => {
    expect(valueOf(code)).toBeUndefined();
  });

  it('does not loop on self-reference', () => {
    expect(valueOf('var probe = probe + 1;')).toBeUndefined();
  });
});

describe('isStaticString', () => {
  const check = (code: string) => probe(code, 'VariableDeclarator[id.name="probe"]', (node, context) => isStaticString((node as VariableDeclarator).init!, context)).at(-1);
  it('is true only for string values', () => {
    expect(check("const probe = 'a' + 'b';")).toBe(true);
    expect(check('const probe = 1 + 2;')).toBe(false);
    expect(check('const probe = `a${req.query.x}`;')).toBe(false);
  });
});
