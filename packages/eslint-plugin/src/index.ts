// @rampart/eslint-plugin: the scan rules for ESLint (editors, existing lint runs). The rule
// modules are re-exported from @rampart/scan/rules unchanged, so ESLint reports what
// `rampart scan` reports. `recommended` turns every rule on (high and medium severity as
// errors, low as warnings) and sets no parser: combine it with typescript-eslint's for .ts files.
// Suppression comments (`rampart-ignore`) and baselines are the CLI's; under ESLint use
// `eslint-disable-next-line @rampart/<id> -- reason`.
import type { ESLint, Linter, Rule } from 'eslint';
import { allRules } from '@rampart/scan/rules';

const PLUGIN_NAME = '@rampart';

const rules: Record<string, Rule.RuleModule> = Object.fromEntries(allRules.map((rule) => [rule.meta.id, rule.eslint]));

const recommendedRules: Linter.RulesRecord = Object.fromEntries(
  allRules.map((rule) => [`${PLUGIN_NAME}/${rule.meta.id}`, rule.meta.severity === 'low' ? 'warn' : 'error']),
);

const plugin: ESLint.Plugin & { configs: { recommended: Linter.Config } } = {
  meta: { name: '@rampart/eslint-plugin', version: '0.1.0' },
  rules,
  configs: { recommended: { name: '@rampart/recommended', plugins: {}, rules: recommendedRules } },
};
// The flat config refers to the plugin object itself.
plugin.configs.recommended.plugins = { [PLUGIN_NAME]: plugin };

export default plugin;
export { rules };
