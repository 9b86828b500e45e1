// The per-run setup every file scan shares (and a worker rebuilds from plain data).
import type { ScanRule, ScanRuleMeta, Level } from '../rules/types.js';
import { runnerChecks } from './catalogue.js';
import type { FileScanSetup } from './scan-file.js';

export function buildSetup(modules: readonly ScanRule[], ruleIds: ReadonlySet<string>, severity: Readonly<Record<string, Level>>): FileScanSetup & { readonly active: readonly ScanRuleMeta[] } {
  const everything = [...modules.map((rule) => rule.meta), ...runnerChecks];
  const active = everything.filter((meta) => ruleIds.has(meta.id));
  return {
    active,
    engineRules: modules.filter((rule) => ruleIds.has(rule.meta.id)).map((rule) => ({ id: rule.meta.id, module: rule.eslint })),
    meta: new Map<string, ScanRuleMeta>(active.map((meta) => [meta.id, meta])),
    knownIds: new Set(everything.map((meta) => meta.id)),
    severity,
  };
}
