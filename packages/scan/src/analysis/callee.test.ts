import { describe, expect, it } from 'vitest';
import type { CallExpression } from 'estree';
import { probe } from '../test-support/rule-probe.js';
import { isModuleCall, resolveCallee } from './callee.js';

// The callee of the last call in the snippet whose callee text is `target`.
function calleeOf(code: string, target: string, filename = 'probe.ts') {
  const results = probe(code, 'CallExpression', (node, context) => ({ text: context.sourceCode.getText((node as CallExpression).callee), callee: resolveCallee(node, context) }), filename);
  const match = results.filter((result) => result.text === target).at(-1);
  if (match === undefined) throw new Error(`no call to ${target}`);
  return match.callee;
}

const exec = { module: 'child_process', path: ['exec'] };

describe('resolveCallee', () => {
  it.each([
    ["import { exec as run } from 'node:child_process'; run(x);", 'run'],
    ["import * as cp from 'child_process'; cp.exec(x);", 'cp.exec'],
    ["import cp from 'child_process'; cp.exec(x);", 'cp.exec'],
    ["const cp = require('child_process'); cp.exec(x);", 'cp.exec'],
    ["var cp = require('child_process'); cp.exec(x);", 'cp.exec'],
    ["const { exec } = require('node:child_process'); exec(x);", 'exec'],
    ["const { exec: run } = require('child_process'); run(x);", 'run'],
    ["import cp from 'child_process'; const e = cp.exec; e(x);", 'e'],
    ["import cp from 'child_process'; const { exec } = cp; exec(x);", 'exec'],
    ["require('child_process').exec(x);", "require('child_process').exec"],
    ["import * as cp from 'child_process'; cp['exec'](x);", "cp['exec']"],
    ["import cp from 'child_process'; (cp as any).exec(x);", '(cp as any).exec'],
    ["import cp = require('child_process'); cp.exec(x);", 'cp.exec'],
    ["import { default as cp } from 'child_process'; cp.exec(x);", 'cp.exec'],
    ["async function f() { const cp = await import('node:child_process'); cp.exec(x); }", 'cp.exec'],
    ["async function f() { const { exec } = await import('child_process'); exec(x); }", 'exec'],
  ])('%s', (code, target) => {
    expect(calleeOf(code, target)).toEqual(exec);
  });

  it('resolves in CommonJS files and through util.promisify', () => {
    const code = "const util = require('util'); const cp = require('child_process'); const run = util.promisify(cp.exec); run(x);";
    expect(calleeOf(code, 'run', 'a.cjs')).toEqual(exec);
  });

  it('resolves compiled CommonJS output (tsc, Babel, esbuild)', () => {
    const tsc = 'const cp_1 = __importDefault(require("child_process")); (0, cp_1.default).exec(x);';
    expect(calleeOf(tsc, '(0, cp_1.default).exec', 'a.cjs')).toEqual(exec);
    const babel = 'var _cp = _interopRequireDefault(require("child_process")); (0, _cp.default)(x);';
    expect(calleeOf(babel, '0, _cp.default', 'a.cjs')).toEqual({ module: 'child_process', path: [] });
  });

  it('keeps subpath modules and nested destructuring', () => {
    expect(calleeOf("import { readFile } from 'node:fs/promises'; readFile(p);", 'readFile')).toEqual({ module: 'fs/promises', path: ['readFile'] });
    expect(calleeOf("const { promises: { readFile } } = require('fs'); readFile(p);", 'readFile')).toEqual({ module: 'fs', path: ['promises', 'readFile'] });
  });

  it('resolves a default import to the module object', () => {
    expect(calleeOf("import jwt from 'jsonwebtoken'; jwt.verify(t, k);", 'jwt.verify')).toEqual({ module: 'jsonwebtoken', path: ['verify'] });
  });

  it('treats undeclared names as globals', () => {
    expect(calleeOf('crypto.createHash("md5");', 'crypto.createHash')).toEqual({ module: undefined, path: ['crypto', 'createHash'] });
    expect(calleeOf('globalThis.fetch(u);', 'globalThis.fetch')).toEqual({ module: undefined, path: ['fetch'] });
  });

  it.each([
    ['function f(someObject) { someObject.exec(x); }', 'someObject.exec'],
    ['const someObject = { exec() {} }; someObject.exec(x);', 'someObject.exec'],
    ['/re/.exec(s);', '/re/.exec'],
    ['const re = /a/; re.exec(s);', 're.exec'],
    ["let cp = require('child_process'); cp = other; cp.exec(x);", 'cp.exec'],
    ["import cp from 'child_process'; function f(cp) { cp.exec(x); }", 'cp.exec'],
    ["import * as cp from 'child_process'; cp[name](x);", 'cp[name]'],
    ['class A { run() { this.exec(x); } }', 'this.exec'],
  ])('does not resolve %s', (code, target) => {
    expect(calleeOf(code, target)).toBeUndefined();
  });

  it('does not treat a shadowed require as the module loader', () => {
    expect(calleeOf("function f(require) { require('child_process').exec(x); }", "require('child_process').exec")).toBeUndefined();
  });
});

describe('isModuleCall', () => {
  const check = (code: string, module: string | string[], ...path: string[]) =>
    probe(code, 'CallExpression', (node, context) => isModuleCall(node as CallExpression, context, module, ...path)).some(Boolean);

  it('matches module and path exactly', () => {
    expect(check("import { exec } from 'child_process'; exec(x);", 'child_process', 'exec')).toBe(true);
    expect(check("import { exec } from 'child_process'; exec(x);", 'child_process', 'execFile')).toBe(false);
    expect(check("import { readFile } from 'fs/promises'; readFile(x);", ['fs', 'fs/promises'], 'readFile')).toBe(true);
  });

  it('does not match globals', () => {
    expect(check('crypto.createHash("md5");', 'crypto', 'createHash')).toBe(false);
  });
});
