// Which files a scan reads: every JavaScript/TypeScript source under the given paths, minus what
// .gitignore files ignore (read as the walk descends, with the `ignore` package's gitignore
// semantics), node_modules/dist/coverage/.git always, --exclude globs, declaration files, and
// test files unless asked for.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const ALWAYS_SKIPPED = new Set(['node_modules', 'dist', 'coverage', '.git']);

/** Test files (skipped unless --include-tests): *.test.*, *.spec.*, and test folders. */
export const TEST_PATTERNS: readonly string[] = ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/test/**', '**/tests/**', '**/test-support/**'];

export interface DiscoverOptions {
  /** Relative paths are resolved against cwd; reported file names are relative to it. */
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly includeTests: boolean;
}

export interface Discovered {
  /** Paths relative to cwd with `/` separators, sorted. */
  readonly files: readonly string[];
  /** Given paths that do not exist. */
  readonly missing: readonly string[];
}

interface Scoped {
  readonly dir: string;
  readonly rules: Ignore;
}

const toPosix = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'));

export function discoverFiles(options: DiscoverOptions): Discovered {
  const isExcluded = excluder(options.exclude);
  const isTest = picomatch([...TEST_PATTERNS], { dot: true });
  const files = new Set<string>();
  const missing: string[] = [];
  const keep = (absolute: string, explicit: boolean): void => {
    const rel = toPosix(relative(options.cwd, absolute)) || '.';
    if (!explicit && (!SOURCE_FILE.test(rel) || DECLARATION_FILE.test(rel))) return;
    if (isExcluded(rel)) return;
    if (!explicit && !options.includeTests && isTest(rel)) return;
    files.add(rel);
  };
  const walk = (dir: string, scopes: readonly Scoped[]): void => {
    const own = readGitignore(dir);
    const active = own === undefined ? scopes : [...scopes, own];
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable directory: nothing to scan there
    }
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      const isDir = entry.isDirectory();
      if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
      if (!isDir && !entry.isFile()) continue; // symlinks and sockets: not followed
      if (ignoredBy(active, absolute, isDir)) continue;
      if (isDir) {
        if (isExcluded(toPosix(relative(options.cwd, absolute)))) continue;
        walk(absolute, active);
      } else keep(absolute, false);
    }
  };
  for (const path of options.paths.length === 0 ? ['.'] : options.paths) {
    const absolute = resolve(options.cwd, path);
    if (!existsSync(absolute)) {
      missing.push(path);
      continue;
    }
    if (statSync(absolute).isDirectory()) walk(absolute, ancestorScopes(options.cwd, absolute));
    else keep(absolute, SOURCE_FILE.test(absolute));
  }
  return { files: [...files].sort(), missing };
}

function readGitignore(dir: string): Scoped | undefined {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) return undefined;
  try {
    return { dir, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** The .gitignore files between cwd and a scanned directory below it (that directory's own is read by the walk). */
function ancestorScopes(cwd: string, target: string): Scoped[] {
  const rel = relative(cwd, target);
  if (rel === '' || rel.startsWith('..')) return [];
  const scopes: Scoped[] = [];
  const chain: string[] = [];
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === cwd || dir === dirname(dir)) break;
  }
  for (const dir of chain) {
    const scoped = readGitignore(dir);
    if (scoped !== undefined) scopes.push(scoped);
  }
  return scopes;
}

function ignoredBy(scopes: readonly Scoped[], absolute: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const rel = toPosix(relative(scope.dir, absolute));
    if (rel === '' || rel.startsWith('..')) continue;
    if (scope.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** --exclude GLOB: a file is excluded when the glob matches its path or one of its parent folders. */
export function excluder(globs: readonly string[]): (rel: string) => boolean {
  if (globs.length === 0) return () => false;
  const matches = picomatch([...globs], { dot: true });
  return (rel) => {
    if (matches(rel)) return true;
    for (let index = rel.indexOf('/'); index !== -1; index = rel.indexOf('/', index + 1)) if (matches(rel.slice(0, index))) return true;
    return false;
  };
}
