import { describe, expect, it } from 'vitest';
import { qrPath } from './qr-path.js';

const URL = 'otpauth://totp/Rampart:someone%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Rampart';

/** The dark modules of a path back as "x,y" strings. */
function darkModules(d: string): Set<string> {
  return new Set([...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((match) => `${match[1]},${match[2]}`));
}

describe('qrPath', () => {
  it('encodes the otpauth URL as a QR symbol with a 2-module quiet zone and three finder patterns', () => {
    const { size, d } = qrPath(URL);
    const modules = size - 4;
    expect((modules - 17) % 4).toBe(0); // a QR version: 17 + 4v modules per side
    expect(d).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
    const dark = darkModules(d);
    // Each finder pattern's outer ring is dark: check its corners at the three symbol corners.
    for (const [x, y] of [[2, 2], [2 + modules - 7, 2], [2, 2 + modules - 7]] as const) {
      for (const [dx, dy] of [[0, 0], [6, 0], [0, 6], [6, 6], [3, 3]]) expect(dark.has(`${x + dx},${y + dy}`)).toBe(true);
      expect(dark.has(`${x + 1},${y + 1}`)).toBe(false); // the light ring inside
    }
    // Nothing in the quiet zone.
    for (const module of dark) {
      const [x, y] = module.split(',').map(Number) as [number, number];
      expect(x >= 2 && y >= 2 && x < size - 2 && y < size - 2).toBe(true);
    }
  });

  it('gives different symbols for different secrets', () => {
    expect(qrPath(URL).d).not.toBe(qrPath(URL.replace('JBSWY3DPEHPK3PXP', 'KRSXG5CTMVRXEZLU')).d);
  });
});
