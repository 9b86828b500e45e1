import { describe, expect, it } from 'vitest';
import { randomUnknownPath, stableProbeUrl } from './unknown-path.js';

describe('unknown path', () => {
  it('is random every time, and stableProbeUrl makes any of them the same', () => {
    const [a, b] = [randomUnknownPath(), randomUnknownPath()];
    expect(a).toMatch(/^\/rampart-audit-[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(stableProbeUrl(`http://h:1${a}`)).toBe(stableProbeUrl(`http://h:1${b}`));
    expect(stableProbeUrl(`http://h:1/api${a}/x?q=1`)).toBe('http://h:1/api/rampart-audit-{random}/x?q=1');
  });

  it.each(['http://h/rampart-audit-login', 'http://h/rampart-audit-0123456789abcdef0', 'http://h/api/users/1?id=1'])('leaves %s alone', (url) => {
    expect(stableProbeUrl(url)).toBe(url);
  });
});
