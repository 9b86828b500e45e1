import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { builtinGlobals } from './globals.js';

describe('builtinGlobals', () => {
  it('equals the es2026 globals of the installed ESLint (what ecmaVersion "latest" declares)', () => {
    const require = createRequire(import.meta.url);
    const eslintGlobals = require(require.resolve('eslint/package.json').replace(/package\.json$/, 'conf/globals.js')) as Record<string, Record<string, unknown>>;
    expect([...builtinGlobals].sort()).toEqual(Object.keys(eslintGlobals.es2026 ?? {}).sort());
  });
});
