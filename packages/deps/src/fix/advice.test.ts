import semver from 'semver';
import { afterEach, describe, expect, it } from 'vitest';
import type { PackageInstance } from '../model.js';
import { adviseFix, type AdviceContext } from './advice.js';
import { installCommand, updateCommand } from './commands.js';
import { buildParentIndex, rangeOf } from './parents.js';
import { createMetadataClient, packumentUrl } from './registry.js';
import { expressGraph, qsIsAffected } from './test-support/express-graph.js';
import { startRegistry, type RegistryServer } from './test-support/registry-server.js';

let registry: RegistryServer | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

const graph = expressGraph();
const byKey = (key: string) => graph.packages.find((p) => p.key === key) as PackageInstance;
const rootQs = byKey('node_modules/qs');
const webQs = byKey('packages/web/node_modules/qs');

function context(extra: Partial<AdviceContext> = {}): AdviceContext {
  return { graph, parents: buildParentIndex(graph), format: 'npm', isAffected: qsIsAffected, ...extra };
}

async function online(isAffected = qsIsAffected) {
  registry = await startRegistry();
  const metadata = createMetadataClient({ registry: registry.url, timeoutMs: 2_000, concurrency: 2 });
  return { metadata, ctx: context({ metadata, isAffected }) };
}

describe('ranges and parents', () => {
  it('reads aliases and workspace protocols as ranges; git URLs are not ranges', () => {
    expect(rangeOf('npm:lodash@^4.17.0')).toBe('^4.17.0');
    expect(rangeOf('npm:@scope/x@~1.2.0')).toBe('~1.2.0');
    expect(rangeOf('workspace:^1.0.0')).toBe('^1.0.0');
    expect(rangeOf('github:a/b')).toBeUndefined();
    expect(rangeOf(undefined)).toBeUndefined();
  });

  it('indexes each copy by the copies and importers that use it, with their declared range', () => {
    const parents = buildParentIndex(graph).get('node_modules/qs') ?? [];
    expect(parents.map((parent) => [parent.instance?.name, parent.range])).toEqual([
      ['express', '6.5.1'],
      ['body-parser', '6.5.1'],
    ]);
    expect(buildParentIndex(graph).get('packages/web/node_modules/qs')?.[0]?.importer?.name).toBe('@app/web');
  });
});

describe('adviseFix offline', () => {
  it('says npm update when the fixed version is inside every declared range', async () => {
    const advice = await adviseFix(webQs, '6.5.3', context());
    expect(advice).toMatchObject({ kind: 'update', command: 'npm update qs', fixedIn: '6.5.3' });
  });

  it('uses the package manager of the lockfile', () => {
    expect(updateCommand('pnpm', 'qs')).toBe('pnpm update qs');
    expect(updateCommand('pnpm', 'qs', true)).toBe('pnpm update -r qs');
    expect(updateCommand('yarn-berry', 'qs')).toBe('yarn up -R qs');
    expect(updateCommand('yarn-classic', 'qs')).toBe('yarn upgrade qs');
    const web = graph.importers[1];
    expect(installCommand('npm', web, 'qs', '6.5.3')).toBe('npm install qs@6.5.3 --save-dev -w packages/web');
    expect(installCommand('pnpm', web, 'qs', '6.5.3')).toBe('pnpm add qs@6.5.3 --save-dev --filter @app/web');
    expect(installCommand('yarn-classic', graph.importers[0], 'express', '4.17.3')).toBe('yarn add express@4.17.3');
    // An alias must stay an alias: `lodash-old@4.17.21` would install a different package.
    expect(installCommand('npm', graph.importers[0], 'lodash', '4.17.21', 'lodash-old')).toBe('npm install lodash-old@npm:lodash@4.17.21');
    expect(installCommand('yarn-berry', graph.importers[0], 'lodash', '4.17.21', 'lodash-old')).toBe('yarn up lodash-old@npm:lodash@4.17.21');
  });

  it('when a parent pins the vulnerable version, says who and that the exact move needs metadata', async () => {
    const advice = await adviseFix(rootQs, '6.5.3', context());
    expect(advice.kind).toBe('needs-metadata');
    expect(advice.text).toContain('fixed in qs 6.5.3, but express@4.16.0 wants qs 6.5.1; body-parser@1.18.2 wants qs 6.5.1');
    expect(advice.text).toContain('--fix-advice');
  });

  it('a direct dependency outside its own range moves to the fixed version, offline', async () => {
    const pinned = { ...graph, importers: [graph.importers[0]!, { ...graph.importers[1]!, devDependencies: { qs: '6.5.2' } }] };
    const advice = await adviseFix(webQs, '6.5.3', { ...context(), graph: pinned, parents: buildParentIndex(pinned) });
    expect(advice).toMatchObject({ kind: 'upgrade', steps: [{ package: 'qs', from: '6.5.2', to: '6.5.3', command: 'npm install qs@6.5.3 --save-dev -w packages/web' }] });
    expect(advice.text).toContain('packages/web/package.json wants qs 6.5.2');
  });

  it('a copy nothing depends on gets the update command', async () => {
    const orphan = { ...webQs, key: 'node_modules/orphan/node_modules/qs' };
    expect(await adviseFix(orphan, '6.5.3', context())).toMatchObject({ kind: 'update', command: 'npm update qs' });
  });

  it('no fixed version: says so', async () => {
    expect((await adviseFix(rootQs, undefined, context())).kind).toBe('no-fix');
  });
});

describe('adviseFix with registry metadata (local stand-in registry)', () => {
  it('names the direct dependency that must move, and to which version', async () => {
    const { ctx } = await online();
    const advice = await adviseFix(rootQs, '6.5.3', ctx);
    expect(advice.kind).toBe('upgrade');
    if (advice.kind !== 'upgrade') return;
    // express 4.17.3 is the first 4.x whose qs range (6.9.7) is not affected; body-parser moves with it.
    expect(advice.steps).toEqual([{ package: 'express', from: '4.16.0', to: '4.17.3', command: 'npm install express@4.17.3' }]);
    expect(advice.text).toContain('upgrade express 4.16.0 -> 4.17.3: npm install express@4.17.3');
  });

  it('never advises a version that is itself affected by another advisory', async () => {
    // Pretend express < 4.19.2 has its own advisory (as GHSA-rv95-896h-c2vc does): 4.17.3 is out.
    const { ctx } = await online((name, version) => qsIsAffected(name, version) || (name === 'express' && semver.lt(version, '4.19.2')));
    const advice = await adviseFix(rootQs, '6.5.3', ctx);
    expect(advice.kind === 'upgrade' ? advice.steps[0]?.to : advice).toBe('4.19.2');
  });

  it('never advises a downgrade and falls back to an override when no release helps', async () => {
    const { ctx } = await online((name, version) => qsIsAffected(name, version) || name === 'express');
    const advice = await adviseFix(rootQs, '6.5.3', ctx);
    expect(advice.kind).toBe('override');
    expect(advice.text).toContain('"overrides": { "qs": "6.5.3" }');
  });

  it('fetches each packument once per run with the abbreviated Accept header', async () => {
    const { ctx, metadata } = await online();
    await Promise.all([adviseFix(rootQs, '6.5.3', ctx), adviseFix(rootQs, '6.5.3', ctx)]);
    expect(registry?.hits.get('qs')).toBe(1);
    expect(registry?.hits.get('express')).toBe(1);
    expect(registry?.hits.get('body-parser')).toBe(1);
    expect(metadata.requests()).toBe(3);
    expect(registry?.headers[0]?.accept).toContain('application/vnd.npm.install-v1+json');
  });

  it('a registry that does not answer in time degrades to offline advice with a warning', async () => {
    registry = await startRegistry({ delayMs: 1_000 });
    const metadata = createMetadataClient({ registry: registry.url, timeoutMs: 150, concurrency: 1 });
    const advice = await adviseFix(rootQs, '6.5.3', context({ metadata }));
    expect(advice.kind).toBe('needs-metadata');
    expect(metadata.failures[0]).toContain('no answer within 150 ms');
  });

  it('a 404 is reported, not thrown', async () => {
    registry = await startRegistry({ packuments: {} });
    const metadata = createMetadataClient({ registry: registry.url, timeoutMs: 2_000, concurrency: 1 });
    expect(await metadata.get('@scope/missing')).toBeUndefined();
    expect(metadata.failures[0]).toContain('answered 404');
    expect(registry.hits.get('@scope/missing')).toBe(1);
    expect(packumentUrl('http://r/', '@scope/missing')).toBe('http://r/@scope%2Fmissing');
  });
});
