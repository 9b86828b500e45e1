// The data model every part of deps shares: what a lockfile says is installed (the graph), what an
// advisory says is affected, and what a report lists (findings). Parsers produce a DependencyGraph,
// the advisory matcher and the policy rules read it, the runner turns their output into Findings.

export type Severity = 'low' | 'moderate' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'moderate', 'high', 'critical'];

export type LockfileFormat = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry';

/** Where an installed copy came from, as the lockfile says. */
export type PackageSource = 'registry' | 'git' | 'http' | 'file' | 'link' | 'workspace';

/** One installed copy of one package. The same name@version may be installed several times. */
export interface PackageInstance {
  /** This copy's key, unique in the graph: the lockfile's own (npm `node_modules/a/node_modules/b`,
   * pnpm `/a@1.0.0` or `a@1.0.0(peer@2.0.0)`, yarn the joined descriptors). */
  readonly key: string;
  /** The real package name: for `"x": "npm:lodash@4.17.11"` this is `lodash`. */
  readonly name: string;
  /** The name it is installed under when that differs (the alias `x` above). */
  readonly alias?: string;
  readonly version: string;
  /** Reachable from the root only through devDependencies. */
  readonly dev: boolean;
  /** Reachable only through optionalDependencies. */
  readonly optional: boolean;
  /** Installed because a peer dependency asked for it. */
  readonly peer: boolean;
  readonly source: PackageSource;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly hasInstallScript?: boolean;
  /** Shipped inside its parent's tarball (npm bundleDependencies). */
  readonly bundled?: boolean;
  /** Installed only on some platforms, as the lockfile says (`os=linux & cpu=x64`): npm and pnpm
   * `os`/`cpu`, berry `conditions`. Berry records no checksum for such copies it did not fetch. */
  readonly conditions?: string;
  /** Declared dependency ranges of this copy (name as declared -> range), optional ones included. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** 1-based line of this copy's entry in the lockfile, for SARIF locations. */
  readonly line?: number;
}

/** The root project or one of its workspaces, with what its package.json declares. */
export interface Importer {
  /** '' for the root, else the workspace folder relative to the root (`packages/web`). */
  readonly path: string;
  readonly name: string;
  readonly version?: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly optionalDependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
  /** Root only: npm's `allowScripts` from package.json (name or name@version -> true, false or a
   * version range). The install-script policy rule reads it; PolicyConfig.allowScripts overrides it. */
  readonly allowScripts?: Readonly<Record<string, boolean | string>>;
  /** What the lockfile itself records this importer as declaring (name -> range, all kinds), when
   * the format records it (npm v2/v3, pnpm, berry; not npm v1 or yarn classic). Ranges as the
   * lockfile writes them (berry: `npm:^1.0.0`). The lockfile-mismatch rule compares it with
   * package.json, which is what `npm ci` / `pnpm install --frozen-lockfile` check. */
  readonly locked?: Readonly<Record<string, string>>;
  /** 1-based line of this importer's entry in the lockfile, where it has one (npm v2/v3, pnpm, berry). */
  readonly line?: number;
}

export interface DependencyGraph {
  readonly lockfile: { readonly path: string; readonly format: LockfileFormat; readonly version: string };
  readonly importers: readonly Importer[];
  readonly packages: readonly PackageInstance[];
  /** Resolved edges: an importer's path or an instance's key -> the keys of the instances it uses. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
}

/** What a report lists: one advisory on one installed copy, or one policy rule on one copy. */
export interface Finding {
  readonly kind: 'advisory' | 'policy';
  /** Advisory id (the record's own: GHSA-..., NSWG-ECO-..., CVE-...) or policy rule id. */
  readonly id: string;
  readonly aliases: readonly string[];
  readonly title: string;
  readonly severity: Severity;
  readonly package: string;
  readonly version: string;
  readonly key: string;
  /** Dependency paths from an importer to this copy, each as `name@version` steps. */
  readonly paths: readonly (readonly string[])[];
  readonly dev: boolean;
  /** Lowest version that is not affected (advisories), when there is one. */
  readonly fixedIn?: string;
  /** How to get there, or how to fix the policy finding. */
  readonly fix?: string;
  /** Where the advisory came from (source name) or the policy rule's documentation anchor. */
  readonly source: string;
  readonly url?: string;
  readonly line?: number;
}
