import { describe, expect, it } from 'vitest';
import { isIsoDate, oneYearAfter } from './dates.js';
import { ConfigError, parseConfig } from './parse.js';

const now = new Date('2026-12-01T10:00:00Z');
const parse = (value: unknown) => parseConfig(value, '.rampart-deps.json', now);
const entry = (extra: Record<string, unknown> = {}) => ({ id: 'GHSA-hrpp-h998-j3pp', reason: 'qs is only used for our own query strings', expires: '2027-03-01', ...extra });

function refused(value: unknown): string {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('dates', () => {
  it('knows real calendar dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-13-01')).toBe(false);
    expect(isIsoDate('2027-3-1')).toBe(false);
    expect(oneYearAfter(now)).toBe('2027-12-01');
  });
});

describe('parseConfig', () => {
  it('accepts a full entry and parses its paths', () => {
    const config = parse({ ignore: [entry({ paths: ['app > express@4.16.0 > qs', '@scope/web > qs'] })], policy: { rules: { 'install-script': 'off' } } });
    expect(config.ignore[0]).toMatchObject({ id: 'GHSA-hrpp-h998-j3pp', expires: '2027-03-01', where: '.rampart-deps.json ignore[0] (GHSA-hrpp-h998-j3pp)' });
    expect(config.ignore[0]?.pathPatterns).toEqual([
      [{ name: 'app' }, { name: 'express', version: '4.16.0' }, { name: 'qs' }],
      [{ name: '@scope/web' }, { name: 'qs' }],
    ]);
    expect(config.policy.rules).toEqual({ 'install-script': 'off' });
  });

  it('an empty file is an empty config', () => {
    expect(parse({})).toEqual({ ignore: [], policy: {} });
  });

  it('accepts an expiry exactly one year ahead and in the past (it is then reported as expired)', () => {
    expect(parse({ ignore: [entry({ expires: '2027-12-01' })] }).ignore).toHaveLength(1);
    expect(parse({ ignore: [entry({ expires: '2025-01-01' })] }).ignore).toHaveLength(1);
  });

  it.each([
    [{ ignore: [entry({ reason: undefined })] }, 'ignore[0] (GHSA-hrpp-h998-j3pp): "reason" is required'],
    [{ ignore: [entry({ reason: '  ' })] }, '"reason" is required'],
    [{ ignore: [entry({ expires: undefined })] }, '"expires" is required (YYYY-MM-DD, at most one year ahead)'],
    [{ ignore: [entry({ expires: '2027-02-30' })] }, '"expires" must be a date written YYYY-MM-DD, got "2027-02-30"'],
    [{ ignore: [entry({ expires: '01/03/2027' })] }, 'got "01/03/2027"'],
    [{ ignore: [entry({ expires: 20270301 })] }, 'got 20270301'],
    [{ ignore: [entry({ expires: '2027-12-02' })] }, '"expires" 2027-12-02 is more than a year ahead (latest allowed today: 2027-12-01)'],
    [{ ignore: [entry({ id: '' })] }, 'ignore[0]: "id" is required'],
    [{ ignore: [entry({ reasn: 'x' })] }, 'unknown key "reasn" (did you mean "reason"?)'],
    [{ ignore: [entry({ paths: 'app > qs' })] }, '"paths": expected a list of non-empty strings'],
    [{ ignore: [entry({ paths: [] })] }, '"paths" is empty'],
    [{ ignore: [entry({ paths: ['app >  > qs'] })] }, 'path "app >  > qs" is malformed'],
    [{ ignore: [entry({ package: 'a b' })] }, '"package" must be a package name'],
    [{ ignore: [entry(), 'GHSA-x'] }, 'ignore[1]: expected an object with id, reason and expires'],
    [{ ignore: {} }, '"ignore" must be a list of entries'],
    [{ ignores: [] }, 'unknown key "ignores" (did you mean "ignore"?)'],
    [[], 'expected a JSON object'],
    [{ policy: { rules: { 'install-script': 'warn' } } }, 'policy "rules" install-script: expected one of off, low, moderate, high, critical, got "warn"'],
    [{ policy: { allowScripts: { argon2: 1 } } }, '"allowScripts": expected an object of package name -> true, false or a version range'],
    [{ policy: { allowedRegistry: [] } }, 'unknown key "allowedRegistry" (did you mean "allowedRegistries"?)'],
  ])('%j is refused: %s', (value, message) => {
    expect(refused(value)).toContain(message);
  });

  it('knows the policy rule ids when told them', () => {
    expect(() => parseConfig({ policy: { rules: { 'install-scripts': 'off' } } }, 'f', now, ['install-script', 'typosquat'])).toThrow(
      'f policy "rules": no policy rule "install-scripts" (did you mean "install-script"?); rules: install-script, typosquat',
    );
    expect(parseConfig({ policy: { rules: { typosquat: 'critical' } } }, 'f', now, ['typosquat']).policy.rules).toEqual({ typosquat: 'critical' });
  });

  it('names the entry by position and id', () => {
    expect(refused({ ignore: [entry(), entry({ id: 'CVE-2024-1', expires: 'soon' })] })).toMatch(/^\.rampart-deps\.json ignore\[1\] \(CVE-2024-1\): /);
  });
});
