// Yarn lockfiles do not say which folders are workspaces (classic) or say it only by path (berry):
// the importers come from the root package.json's `workspaces` globs.
import type { Importer } from '../model.js';
import { LockfileError } from './errors.js';
import { toImporter, type ManifestSource } from './manifest.js';

export function yarnImporters(file: string, manifests: ManifestSource, extra: readonly string[] = []): Importer[] {
  const root = manifests.read('');
  if (root === undefined) throw new LockfileError('manifest', file, 'has no package.json beside it');
  const importers: Importer[] = [toImporter('', root)];
  for (const path of [...manifests.glob(root.workspaces), ...extra]) {
    if (path === '' || importers.some((i) => i.path === path)) continue;
    const m = manifests.read(path);
    if (m !== undefined) importers.push(toImporter(path, m));
  }
  return importers;
}
