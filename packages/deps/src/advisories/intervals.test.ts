import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { intersect, intervalsToRange, rangeEventsToIntervals, rangeToIntervals, subtract, successor } from './intervals.js';

const events = (range: string) => intervalsToRange(rangeToIntervals(range) ?? []).events;

describe('node-semver ranges as OSV events', () => {
  it('translates the shapes the WG data uses', () => {
    expect(events('<=1.5.1')).toEqual([{ introduced: '0' }, { last_affected: '1.5.1' }]);
    // A partial version bound desugars to its -0 prerelease: `<3.11` excludes 3.11.0-beta too.
    expect(events('<3.11 || >= 4 <4.5')).toEqual([{ introduced: '0' }, { fixed: '3.11.0-0' }, { introduced: '4.0.0' }, { fixed: '4.5.0-0' }]);
    expect(events('>=2.0.0')).toEqual([{ introduced: '2.0.0' }]);
    expect(events('*')).toEqual([{ introduced: '0' }]);
    expect(events('1.2.3')).toEqual([{ introduced: '1.2.3' }, { last_affected: '1.2.3' }]);
    // X-ranges desugar to a prerelease upper bound: exact in SemVer precedence.
    expect(events('1.x')).toEqual([{ introduced: '1.0.0' }, { fixed: '2.0.0-0' }]);
  });

  it('writes a strict lower bound as its exact successor', () => {
    // npm/75.json (mqtt-packet): "<3.4.6 || > 4.0.0 <4.0.5"
    expect(events('<3.4.6 || > 4.0.0 <4.0.5')).toEqual([{ introduced: '0' }, { fixed: '3.4.6' }, { introduced: '4.0.1-0' }, { fixed: '4.0.5' }]);
    expect(successor(new semver.SemVer('1.2.3')).version).toBe('1.2.4-0');
    expect(successor(new semver.SemVer('1.2.3-beta')).version).toBe('1.2.3-beta.0');
    // Nothing lies between a version and its successor.
    expect(semver.lt('1.2.3', '1.2.4-0') && semver.lt('1.2.3-beta', '1.2.3-beta.0')).toBe(true);
  });

  it('merges overlapping and adjacent parts and drops the WG\'s empty "<0.0.0"', () => {
    expect(events('<2.0.0 || <1.5.0')).toEqual([{ introduced: '0' }, { fixed: '2.0.0' }]);
    expect(events('>=1.0.0 <2.0.0 || >=2.0.0 <3.0.0')).toEqual([{ introduced: '1.0.0' }, { fixed: '3.0.0' }]);
    expect(rangeToIntervals('<0.0.0')).toEqual([]);
    expect(rangeToIntervals('not a range at all')).toBeUndefined();
  });

  it('subtracts patched from vulnerable (core records)', () => {
    const vuln = rangeToIntervals('20.x || 22.x') ?? [];
    const patched = rangeToIntervals('^20.20.2 || ^22.22.2') ?? [];
    expect(intervalsToRange(subtract(vuln, patched)).events).toEqual([
      { introduced: '20.0.0' },
      { fixed: '20.20.2' },
      { introduced: '22.0.0' },
      { fixed: '22.22.2' },
    ]);
    // A patched point inside a vulnerable stretch splits it.
    expect(intervalsToRange(subtract(rangeToIntervals('<2.0.0') ?? [], rangeToIntervals('1.5.0') ?? [])).events).toEqual([
      { introduced: '0' },
      { fixed: '1.5.0' },
      { introduced: '1.5.1-0' },
      { fixed: '2.0.0' },
    ]);
  });

  it('reads OSV events back as intervals, limit included', () => {
    const i = rangeEventsToIntervals({ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { limit: '1.5.0' }] });
    expect(intervalsToRange(i).events).toEqual([{ introduced: '1.0.0' }, { fixed: '1.5.0' }]);
    const engines = rangeToIntervals('>=20.19') ?? [];
    const affected = rangeEventsToIntervals({ type: 'SEMVER', events: [{ introduced: '20.0.0' }, { fixed: '20.20.2' }] });
    expect(intervalsToRange(intersect(engines, affected)).events).toEqual([{ introduced: '20.19.0' }, { fixed: '20.20.2' }]);
  });
});
