import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { isGeneratedOrVendored } from './generated-code.js';

const check = (code: string, filename: string): boolean => probe(code, 'Program', (_node, context) => isGeneratedOrVendored(context), filename)[0] ?? false;

describe('isGeneratedOrVendored', () => {
  it('knows minified names, vendor folders and minifier output', () => {
    expect(check('eval(x);', 'public/assets/jquery.min.js')).toBe(true);
    expect(check('eval(x);', 'app/assets/vendor/bootstrap.js')).toBe(true);
    expect(check(`var a=1;${'b=a+1;'.repeat(300)}`, 'public/app.js')).toBe(true);
    expect(check('const a = 1;\neval(a);\n', 'routes/calc.js')).toBe(false);
  });
});
