// Runs the supply-chain rules over a graph. Each rule is in its own file; this one applies the
// configuration (rules switched off or given another severity, allow-lists with their defaults)
// and turns each hit into a Finding with its dependency paths.
import { dependencyPaths } from '../graph/paths.js';
import type { DependencyGraph, Finding } from '../model.js';
import { installScript } from './install-script.js';
import { integrityMissing } from './integrity-missing.js';
import { integrityWeak } from './integrity-weak.js';
import { lockfileMismatch } from './lockfile-mismatch.js';
import { nonRegistrySource } from './non-registry-source.js';
import { defaultPopularNames } from './popular-names.js';
import { resolvedInsecure } from './resolved-insecure.js';
import { resolvedRegistry } from './resolved-registry.js';
import { DEFAULT_ALLOWED_REGISTRIES, type PolicyConfig, type PolicyRule, type ResolvedConfig } from './types.js';
import { typosquat } from './typosquat.js';

export { DEFAULT_ALLOWED_REGISTRIES, type PolicyConfig, type PolicyRule, type RuleHit } from './types.js';

export const POLICY_RULES: readonly PolicyRule[] = [
  integrityMissing,
  integrityWeak,
  resolvedInsecure,
  resolvedRegistry,
  nonRegistrySource,
  installScript,
  lockfileMismatch,
  typosquat,
];

/** Where each rule is documented: `${POLICY_DOCS}#${rule.id}` is a finding's `source`. */
export const POLICY_DOCS = 'docs/deps.md';

/** How many dependency paths a policy finding lists. */
const PATHS = 5;

export function runPolicy(graph: DependencyGraph, config: PolicyConfig = {}): Finding[] {
  const root = graph.importers.find((i) => i.path === '');
  const resolved: ResolvedConfig = {
    allowedRegistries: config.allowedRegistries ?? DEFAULT_ALLOWED_REGISTRIES,
    allowSources: new Set(config.allowSources ?? []),
    allowScripts: { ...(root?.allowScripts ?? {}), ...(config.allowScripts ?? {}) },
    popularNames: config.popularNames ?? defaultPopularNames(),
  };
  const findings: Finding[] = [];
  for (const rule of POLICY_RULES) {
    const setting = config.rules !== undefined && Object.prototype.hasOwnProperty.call(config.rules, rule.id) ? config.rules[rule.id] : undefined;
    if (setting === 'off') continue;
    const severity = setting ?? rule.severity;
    for (const hit of rule.check(graph, resolved)) {
      const base = { kind: 'policy' as const, id: rule.id, aliases: [], title: hit.title, severity, fix: hit.fix ?? rule.fix, source: `${POLICY_DOCS}#${rule.id}` };
      if (hit.pkg !== undefined) {
        const p = hit.pkg;
        findings.push({ ...base, package: p.name, version: p.version, key: p.key, paths: dependencyPaths(graph, p.key, PATHS), dev: p.dev, ...(p.line !== undefined ? { line: p.line } : {}) });
      } else if (hit.subject !== undefined) {
        const s = hit.subject;
        const line = graph.importers.find((i) => `importer:${i.path}` === s.key)?.line;
        findings.push({ ...base, package: s.package, version: s.version, key: s.key, paths: [[s.importer]], dev: s.dev, ...(line !== undefined ? { line } : {}) });
      }
    }
  }
  return findings;
}
