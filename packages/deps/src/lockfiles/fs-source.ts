// The ManifestSource over the file system: package.json files under the lockfile's folder.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { LockfileError } from './errors.js';
import { matchesAny } from './glob.js';
import { parseManifest, type ManifestSource, type PackageManifest } from './manifest.js';

/** Folders never searched for workspaces. */
const SKIP = new Set(['node_modules', '.git']);
const MAX_DEPTH = 6;
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

export function fsManifestSource(rootDir: string): ManifestSource {
  return {
    read(dir: string): PackageManifest | undefined {
      // Folder names come from the lockfile: never read outside the project's folder.
      if (isAbsolute(dir) || dir.split(/[\\/]/).includes('..')) return undefined;
      const file = join(rootDir, dir, 'package.json');
      let text: string;
      try {
        if (statSync(file).size > MAX_MANIFEST_BYTES) throw new LockfileError('manifest', file, 'is larger than 8 MiB');
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if (err instanceof LockfileError) throw err;
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
        throw new LockfileError('manifest', file, `cannot be read (${(err as Error).message})`);
      }
      return parseManifest(text, file);
    },
    glob(patterns: readonly string[]): string[] {
      const out: string[] = [];
      const walk = (rel: string, depth: number): void => {
        if (depth > MAX_DEPTH) return;
        let names: string[];
        try {
          names = readdirSync(join(rootDir, rel), { withFileTypes: true })
            .filter((d) => d.isDirectory() && !SKIP.has(d.name))
            .map((d) => d.name)
            .sort();
        } catch {
          return;
        }
        for (const name of names) {
          const path = rel === '' ? name : `${rel}/${name}`;
          if (matchesAny(path, patterns)) out.push(path);
          walk(path, depth + 1);
        }
      };
      if (patterns.length > 0) walk('', 0);
      return out.filter((p) => {
        try {
          return statSync(join(rootDir, p, 'package.json')).isFile();
        } catch {
          return false;
        }
      });
    },
  };
}
