// What a policy rule is and what it is given. Each rule lives in its own file and returns hits;
// runPolicy (index.ts) turns hits into Findings with severity overrides and dependency paths.
import type { DependencyGraph, PackageInstance, Severity } from '../model.js';

export interface PolicyConfig {
  /** Per rule: 'off', or a severity replacing the rule's own. Rules not named keep their default. */
  readonly rules?: Readonly<Record<string, 'off' | Severity>>;
  /** Registry hosts (optionally with a path prefix, `npm.example.com/api/npm`) a resolved URL may point to.
   * Default: ['registry.npmjs.org', 'registry.yarnpkg.com']. */
  readonly allowedRegistries?: readonly string[];
  /** Package names allowed to come from git, http(s) tarballs, file: or link: outside the workspaces. Default: none. */
  readonly allowSources?: readonly string[];
  /** Install scripts: name or name@version -> true (may run), false (blocked, so no finding) or a
   * version range that may run. Merged over the root package.json's `allowScripts` (this wins). */
  readonly allowScripts?: Readonly<Record<string, boolean | string>>;
  /** Names typosquats imitate. Default: data/npm-popular-names.txt (the 5,000 most downloaded). */
  readonly popularNames?: readonly string[];
}

export const DEFAULT_ALLOWED_REGISTRIES: readonly string[] = ['registry.npmjs.org', 'registry.yarnpkg.com'];

export interface ResolvedConfig {
  readonly allowedRegistries: readonly string[];
  readonly allowSources: ReadonlySet<string>;
  readonly allowScripts: Readonly<Record<string, boolean | string>>;
  readonly popularNames: readonly string[];
}

/** One thing a rule found. About a package copy (`pkg`), or about an importer's declaration. */
export interface RuleHit {
  readonly title: string;
  readonly pkg?: PackageInstance;
  /** For hits that are not about one copy (a declared dependency the lockfile lacks). */
  readonly subject?: { readonly package: string; readonly version: string; readonly key: string; readonly importer: string; readonly dev: boolean };
  /** A fix text more precise than the rule's own. */
  readonly fix?: string;
}

export interface PolicyRule {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly fix: string;
  check(graph: DependencyGraph, config: ResolvedConfig): RuleHit[];
}
