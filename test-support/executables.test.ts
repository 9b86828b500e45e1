import { describe, expect, it } from 'vitest';
import { findExecutable } from './executables.js';

describe('findExecutable', () => {
  it('finds a program on the PATH by name and returns its absolute path', () => {
    const sh = findExecutable('sh');
    expect(sh).toMatch(/^\/.*\/sh$/);
  });

  it('returns undefined for a program that does not exist', () => {
    expect(findExecutable('rampart-no-such-program-anywhere')).toBeUndefined();
  });

  it('looks in the extra directories too', () => {
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      expect(findExecutable('sh', ['/bin', '/usr/bin'])).toMatch(/\/sh$/);
      expect(findExecutable('sh')).toBeUndefined();
    } finally {
      process.env.PATH = saved;
    }
  });
});
