// The graph npm writes for `app` depending on express 4.16.0 (which pins qs 6.5.1 and body-parser
// 1.18.2, which pins qs 6.5.1 too), plus a direct dependency on qs ^6.5.0 in a workspace.
import type { DependencyGraph, Importer, PackageInstance } from '../../model.js';

const instance = (key: string, name: string, version: string, dependencies: Record<string, string> = {}): PackageInstance => ({
  key, name, version, dev: false, optional: false, peer: false, source: 'registry', dependencies,
});

const importer = (path: string, name: string, dependencies: Record<string, string>, devDependencies: Record<string, string> = {}): Importer => ({
  path, name, dependencies, devDependencies, optionalDependencies: {}, peerDependencies: {},
});

export function expressGraph(): DependencyGraph {
  const packages = [
    instance('node_modules/express', 'express', '4.16.0', { 'body-parser': '1.18.2', qs: '6.5.1' }),
    instance('node_modules/body-parser', 'body-parser', '1.18.2', { qs: '6.5.1' }),
    instance('node_modules/qs', 'qs', '6.5.1'),
    instance('packages/web/node_modules/qs', 'qs', '6.5.2'),
  ];
  return {
    lockfile: { path: '/project/package-lock.json', format: 'npm', version: '3' },
    importers: [importer('', 'app', { express: '4.16.0' }), importer('packages/web', '@app/web', {}, { qs: '^6.5.0' })],
    packages,
    edges: new Map([
      ['', ['node_modules/express']],
      ['packages/web', ['packages/web/node_modules/qs']],
      ['node_modules/express', ['node_modules/body-parser', 'node_modules/qs']],
      ['node_modules/body-parser', ['node_modules/qs']],
    ]),
  };
}

/** GHSA-hrpp-h998-j3pp's affected ranges for qs, as OSV lists them. */
const qsAffected: Array<[string, string]> = [
  ['0.0.0', '6.2.4'], ['6.3.0', '6.3.3'], ['6.4.0', '6.4.1'], ['6.5.0', '6.5.3'], ['6.6.0', '6.6.1'],
  ['6.7.0', '6.7.3'], ['6.8.0', '6.8.3'], ['6.9.0', '6.9.7'], ['6.10.0', '6.10.3'],
];

export function qsIsAffected(name: string, version: string): boolean {
  if (name !== 'qs') return false;
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const value = major * 1e6 + minor * 1e3 + patch;
  const of = (text: string) => { const [a = 0, b = 0, c = 0] = text.split('.').map(Number); return a * 1e6 + b * 1e3 + c; };
  return qsAffected.some(([from, to]) => value >= of(from) && value < of(to));
}
