import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { allRules } from '@rampart/scan/rules';
import { lintWithEngine } from '../../scan/src/test-support/engine-run.js';
import plugin from './index.js';

describe('@rampart/eslint-plugin', () => {
  it('exports every scan rule under its id, and recommended turns each on by severity', () => {
    expect(Object.keys(plugin.rules ?? {}).sort()).toEqual(allRules.map((rule) => rule.meta.id).sort());
    for (const rule of allRules) {
      expect(plugin.rules?.[rule.meta.id]).toBe(rule.eslint);
      expect(plugin.configs.recommended.rules?.[`@rampart/${rule.meta.id}`]).toBe(rule.meta.severity === 'low' ? 'warn' : 'error');
    }
    expect(plugin.configs.recommended.plugins?.['@rampart']).toBe(plugin);
  });

  it('reports through ESLint what the rampart scan engine reports', () => {
    const code = [
      "import { createHash } from 'node:crypto';",
      "import express from 'express';",
      'const app = express();',
      "app.get('/u', (req, res) => { db.query(`SELECT * FROM users WHERE id = ${req.query.id}`); res.send(createHash('md5').update(req.query.password).digest('hex')); });",
      "const apiKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';",
      '',
    ].join('\n');
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, { files: ['**/*.ts'], ...plugin.configs.recommended }], { filename: 'app.ts' });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const viaEslint = messages.map((message) => `${message.line}:${message.column} ${String(message.ruleId).replace('@rampart/', '')}`);
    const viaEngine = lintWithEngine(code, 'app.ts', allRules).map((finding) => `${finding.line}:${finding.column} ${finding.ruleId}`);
    expect(viaEngine.length).toBeGreaterThan(0);
    expect(viaEslint).toEqual(viaEngine);
  });
});
