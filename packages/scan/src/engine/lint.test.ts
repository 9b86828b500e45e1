import { describe, expect, it } from 'vitest';
import { lintWithEngine } from '../test-support/engine-run.js';
import { lintWithEslint } from '../test-support/eslint-run.js';
import { sampleRules } from '../test-support/sample-rules.js';
import { lintSource } from './lint.js';

const code = `import { exec } from 'node:child_process';
const child = { exec };
eval(input);
function local() {
  const eval = (x: string) => x;
  eval('shadowed');
  child.exec('ls ' + dir);
}
const f = () => child.exec(cmd);
let v = child.exec(other);
const key = 'sk_live_123', other = "sk_test";
class A { @dec m(@p x: number): void { eval(\`\${x}\`); } }
`;

describe('lintSource', () => {
  it('reports what ESLint reports, with the same lines, columns, messages and confidences', () => {
    const engine = lintWithEngine(code, 'sample.ts', sampleRules);
    expect(engine).toEqual(lintWithEslint(code, 'sample.ts', sampleRules));
    expect(engine.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.confidence}`)).toEqual([
      '3:1 sample-global-eval high',
      '7:3 sample-exec high',
      '9:17 sample-exec low',
      '10:9 sample-exec low',
      '11:13 sample-secret medium',
      '12:40 sample-global-eval high',
    ]);
    expect(engine[0]?.message).toBe('Sample finding sample-global-eval. (input)');
  });

  it('treats .js, .cjs and .jsx like ESLint does', () => {
    const js = 'const r = require("x");\nr.exec(a);\neval(b);\nconst el = <div onClick={() => eval(c)} />;\n';
    expect(lintWithEngine(js, 'a.jsx', sampleRules)).toEqual(lintWithEslint(js, 'a.jsx', sampleRules));
    const cjs = 'module.exports = () => eval(x);\n';
    expect(lintWithEngine(cjs, 'a.cjs', sampleRules)).toEqual(lintWithEslint(cjs, 'a.cjs', sampleRules));
  });

  it('returns a parse error with its line instead of throwing', () => {
    const outcome = lintSource('const ok = 1;\nconst = ;\n', 'broken.ts', []);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.line).toBe(2);
  });

  it('sets parent on every node before the first listener runs', () => {
    const seen: string[] = [];
    const rule = {
      meta: { messages: {} },
      create: () => ({
        Program(node: { body: { expression?: { arguments?: { parent?: { type: string } }[] } }[] }) {
          seen.push(node.body[0]?.expression?.arguments?.[0]?.parent?.type ?? 'none');
        },
      }),
    };
    lintSource('f(g(1));\n', 'a.ts', [{ id: 'p', module: rule as never }]);
    expect(seen).toEqual(['CallExpression']);
  });
});

describe('a rule that throws', () => {
  it('is reported as a RuleCrash naming the rule and the line', () => {
    const rule = { meta: { messages: {} }, create: () => ({ Literal() { throw new TypeError('boom'); } }) };
    expect(() => lintSource('const a = 1;\nconst b = 2;\n', 'a.ts', [{ id: 'bad', module: rule as never }])).toThrow('rule bad failed at line 1: boom');
  });
});

describe('sourceCode, as rules see it', () => {
  it('gives the same comments, text and line list as ESLint', async () => {
    const { Linter } = await import('eslint');
    const tseslint = (await import('typescript-eslint')).default;
    const code = '// first\nconst a = 1; /* block\n spans */\nconst b = `x${a}`; // é ü\n';
    const seen: unknown[] = [];
    const rule = {
      meta: { messages: {} },
      create: (context: { sourceCode: { getAllComments(): { type: string; value: string; range: number[]; loc: unknown }[]; lines: string[]; text: string } }) => ({
        'Program:exit'() {
          const { sourceCode } = context;
          seen.push({ comments: sourceCode.getAllComments().map(({ type, value, range, loc }) => ({ type, value, range, loc })), lines: sourceCode.lines, text: sourceCode.text });
        },
      }),
    };
    lintSource(code, 'a.ts', [{ id: 'probe', module: rule as never }]);
    new Linter({ configType: 'flat' }).verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { p: { rules: { probe: rule as never } } }, rules: { 'p/probe': 'error' } }], { filename: 'a.ts' });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual(seen[1]);
  });
});
