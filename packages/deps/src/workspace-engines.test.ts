// The repository's own lockfile against its Node floor: the packages whose `engines` exclude the
// floor (each one an `npm warn EBADENGINE` at every `npm ci`) are exactly the ones
// docs/decisions.md lists with the evidence that they work, and what makes them work on the
// floor's Node (loading an ES module with `require()`) does work here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
const SECTION = '## Dependencies whose engines exclude Node 20';

interface LockEntry {
  readonly version?: string;
  readonly engines?: { readonly node?: string } | readonly string[];
}

function floor(): string {
  const range = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  return (semver.minVersion(range) as semver.SemVer).version;
}

/** `name version` of every lockfile package whose engines.node excludes `node`. */
function excluding(node: string): string[] {
  const packages = (JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> }).packages;
  const found = new Set<string>();
  for (const [path, entry] of Object.entries(packages)) {
    const engines = entry.engines;
    const range = engines !== undefined && !Array.isArray(engines) ? (engines as { node?: string }).node : undefined;
    if (!path.includes('node_modules/') || range === undefined || entry.version === undefined) continue;
    if (!semver.satisfies(node, range)) found.add(`${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)} ${entry.version}`);
  }
  return [...found].sort();
}

/** `name version` from the first column of the decisions table. */
function documented(): string[] {
  const text = read('docs/decisions.md');
  const start = text.indexOf(SECTION);
  expect(start, `docs/decisions.md has the section "${SECTION}"`).toBeGreaterThan(-1);
  const section = text.slice(start + SECTION.length).split('\n## ')[0] as string;
  return section
    .split('\n')
    .map((line) => /^\| ((?:@[\w.-]+\/)?[\w.-]+ \d+\.\d+\.\d+\S*) \|/.exec(line)?.[1])
    .filter((entry): entry is string => entry !== undefined)
    .sort();
}

describe('dependencies whose engines exclude the Node floor', () => {
  it('are exactly the ones docs/decisions.md documents', () => {
    expect(floor()).toBe('20.20.2');
    expect(excluding(floor())).toEqual(documented());
    expect(documented().length).toBeGreaterThan(0);
  });

  it('load through their dependents here: require() of an ES module', () => {
    expect(semver.satisfies(process.versions.node, `>=${floor()}`)).toBe(true);
    const fromStatic = createRequire(createRequire(import.meta.url).resolve('@fastify/static'));
    const { create } = fromStatic('content-disposition') as { create: (name: string) => string };
    expect(create('résumé.pdf')).toBe(`attachment; filename="r?sum?.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`);
    const fromInject = createRequire(createRequire(import.meta.url).resolve('light-my-request'));
    const { stringifySetCookie } = fromInject('cookie') as { stringifySetCookie: (cookie: { name: string; value: string; httpOnly: boolean }) => string };
    expect(stringifySetCookie({ name: 'a', value: 'b c', httpOnly: true })).toBe('a=b%20c; HttpOnly');
  });
});
