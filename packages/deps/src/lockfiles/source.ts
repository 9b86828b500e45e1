// Where a copy came from, from the range that asked for it (`github:a/b`, `file:../x`, a tarball
// URL) and from the URL it was resolved to. The range decides first: a tarball URL on the registry's
// own host is still a URL dependency, outside semver and outside the registry's version history.
import type { PackageSource } from '../model.js';

const GIT_SPEC = /^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)/;
const GITHUB_SHORTHAND = /^[\w-]+\/[\w.-]+(?:#.*)?$/;
const GIT_URL = /^(?:git\+|git:|ssh:)|\.git(?:#|$)|[#&]commit=/;

export function specSource(spec: string | undefined): PackageSource | undefined {
  if (spec === undefined) return undefined;
  if (spec.startsWith('workspace:')) return 'workspace';
  if (spec.startsWith('link:') || spec.startsWith('portal:')) return 'link';
  if (spec.startsWith('file:')) return 'file';
  if (GIT_SPEC.test(spec) || GITHUB_SHORTHAND.test(spec)) return 'git';
  if (/^https?:/i.test(spec)) return GIT_URL.test(spec) ? 'git' : 'http';
  if (spec.startsWith('npm:')) return 'registry';
  return undefined;
}

export function resolvedSource(resolved: string | undefined): PackageSource {
  if (resolved === undefined) return 'registry';
  if (GIT_URL.test(resolved) || /^https:\/\/codeload\.github\.com\//.test(resolved)) return 'git';
  if (resolved.startsWith('file:')) return 'file';
  if (/^https?:/i.test(resolved)) return /\/-\/[^/]+\.tgz(?:[#?].*)?$/.test(resolved) ? 'registry' : 'http';
  return 'registry';
}

export function sourceOf(resolved: string | undefined, spec: string | undefined): PackageSource {
  return specSource(spec) ?? resolvedSource(resolved);
}

/** `1.2.3` out of a registry-style tarball URL (`.../name-1.2.3.tgz`), for lockfiles that keep only the URL. */
export function versionFromTarball(url: string): string | undefined {
  const m = /-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz(?:[#?].*)?$/.exec(url);
  return m?.[1];
}

/** `npm:lodash@4.17.11` -> { name: 'lodash', range: '4.17.11' }. */
export function parseNpmAlias(spec: string): { name: string; range: string } | undefined {
  if (!spec.startsWith('npm:')) return undefined;
  const body = spec.slice(4);
  const at = body.indexOf('@', 1);
  return at === -1 ? { name: body, range: '*' } : { name: body.slice(0, at), range: body.slice(at + 1) };
}
