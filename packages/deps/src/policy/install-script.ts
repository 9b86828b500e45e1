// Install scripts run the package author's code on every machine that installs it. A package that
// has one is a finding unless allowScripts says it may run (true, or a matching version range) or
// says it is blocked (false: the package manager will not run it). Keys are `name` or `name@version`.
// Only npm lockfiles and pnpm 6 lockfiles record install scripts; other formats cannot be checked.
import semver from 'semver';
import type { PackageInstance } from '../model.js';
import type { PolicyRule } from './types.js';

export function scriptDecision(p: PackageInstance, allow: Readonly<Record<string, boolean | string>>): 'allowed' | 'blocked' | 'unreviewed' {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(allow, k);
  const value = has(`${p.name}@${p.version}`) ? allow[`${p.name}@${p.version}`] : has(p.name) ? allow[p.name] : undefined;
  if (value === true) return 'allowed';
  if (value === false) return 'blocked';
  if (typeof value === 'string' && semver.validRange(value) !== null && semver.satisfies(p.version, value)) return 'allowed';
  return 'unreviewed';
}

export const installScript: PolicyRule = {
  id: 'install-script',
  severity: 'moderate',
  title: 'Package runs an install script that is not reviewed',
  fix: 'Review the script; then allow it (`"allowScripts": { "name": true }` in package.json, or `npm approve-scripts name`) or block it (`false`).',
  check(graph, config) {
    return graph.packages
      .filter((p) => p.hasInstallScript === true && scriptDecision(p, config.allowScripts) === 'unreviewed')
      .map((p) => ({ pkg: p, title: `${p.name}@${p.version} runs an install script that allowScripts does not cover` }));
  },
};
