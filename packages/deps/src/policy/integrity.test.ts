import { describe, expect, it } from 'vitest';
import { graph, importer, pkg } from '../graph/test-support/graph.js';
import { integrityMissing } from './integrity-missing.js';
import { integrityWeak, strongestAlgorithm } from './integrity-weak.js';
import { DEFAULT_ALLOWED_REGISTRIES, type ResolvedConfig } from './types.js';

const config: ResolvedConfig = { allowedRegistries: DEFAULT_ALLOWED_REGISTRIES, allowSources: new Set(), allowScripts: {}, popularNames: [] };
const keys = (hits: { pkg?: { key: string } }[]) => hits.map((h) => h.pkg?.key);

describe('integrity-missing', () => {
  it('flags registry copies without a hash, not bundled, git or workspace ones', () => {
    const g = graph([importer('', 'app')], [
      pkg('ok@1.0.0'),
      pkg('none@1.0.0', { integrity: undefined }),
      pkg('blank@1.0.0', { integrity: ' ' }),
      pkg('bundled@1.0.0', { integrity: undefined, bundled: true }),
      pkg('git@1.0.0', { integrity: undefined, source: 'git' }),
      pkg('ws@1.0.0', { integrity: undefined, source: 'workspace' }),
    ], {});
    expect(keys(integrityMissing.check(g, config))).toEqual(['none@1.0.0', 'blank@1.0.0']);
  });
});

describe('integrity-missing on berry', () => {
  it("skips berry's unfetched platform copies, which it records without a checksum", () => {
    const g = { ...graph([importer('', 'app')], [pkg('esb@1.0.0', { integrity: undefined, conditions: 'os=darwin & cpu=arm64' }), pkg('x@1.0.0', { integrity: undefined })], {}), lockfile: { path: 'yarn.lock', format: 'yarn-berry' as const, version: '8' } };
    expect(keys(integrityMissing.check(g, config))).toEqual(['x@1.0.0']);
    expect(keys(integrityMissing.check({ ...g, lockfile: { path: 'package-lock.json', format: 'npm', version: '3' } }, config))).toEqual(['esb@1.0.0', 'x@1.0.0']);
  });
});

describe('integrity-weak', () => {
  it('takes the strongest hash of an SRI list', () => {
    expect(strongestAlgorithm('sha1-abc sha512-def')).toBe('sha512');
    expect(strongestAlgorithm('sha1-abc')).toBe('sha1');
    expect(strongestAlgorithm('md5-x sha256-y')).toBe('sha256');
    expect(strongestAlgorithm('crc32-x')).toBe('crc32');
  });

  it('flags anything weaker than sha512, with the algorithm in the title', () => {
    const g = graph([importer('', 'app')], [pkg('a@1.0.0'), pkg('b@1.0.0', { integrity: 'sha1-Zm9v' }), pkg('c@1.0.0', { integrity: 'md5-Zm9v' }), pkg('d@1.0.0', { integrity: 'sha1-a sha512-b' }), pkg('e@1.0.0', { integrity: undefined })], {});
    const hits = integrityWeak.check(g, config);
    expect(keys(hits)).toEqual(['b@1.0.0', 'c@1.0.0']);
    expect(hits[0]?.title).toBe('b@1.0.0 is checked with SHA1 only');
  });
});
