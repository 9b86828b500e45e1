// Workspace globs (`packages/*`, `apps/**`, `tools/cli`) matched against relative folder paths. Only
// what package managers accept in `workspaces`: `*` within a segment, `**` across segments, `!` to
// exclude. No braces or classes; a pattern with them matches literally.

export function globToRegExp(pattern: string): RegExp {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  let re = '';
  const parts = clean.split('/');
  parts.forEach((part, i) => {
    if (part === '**') {
      re += i === parts.length - 1 ? '.*' : '(?:[^/]+/)*';
      return;
    }
    re += part.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '[^/]*');
    if (i < parts.length - 1) re += '/';
  });
  return new RegExp(`^${re}$`);
}

export function matchesAny(path: string, patterns: readonly string[]): boolean {
  let hit = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(path)) hit = false;
    } else if (globToRegExp(p).test(path)) hit = true;
  }
  return hit;
}
