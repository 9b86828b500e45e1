import { describe, expect, it } from 'vitest';
import { chooseLogFormat } from './log-format.js';

describe('chooseLogFormat', () => {
  it('development on a terminal: readable lines', () => {
    expect(chooseLogFormat({ mode: 'development', isTTY: true })).toBe('pretty');
  });

  it('development not on a terminal (pipe, file, process manager): JSON', () => {
    expect(chooseLogFormat({ mode: 'development', isTTY: false })).toBe('json');
  });

  it('production: JSON, even on a terminal', () => {
    expect(chooseLogFormat({ mode: 'production', isTTY: true })).toBe('json');
    expect(chooseLogFormat({ mode: 'production', isTTY: false })).toBe('json');
  });
});
