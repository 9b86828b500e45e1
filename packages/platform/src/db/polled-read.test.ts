import { describe, expect, it } from 'vitest';
import { PolledRead, pollingOf } from './polled-read.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function counter(values: (number | Error)[]) {
  let reads = 0;
  const warnings: string[] = [];
  return {
    read: async () => {
      const value = values[Math.min(reads, values.length - 1)] as number | Error;
      reads++;
      if (value instanceof Error) throw value;
      return value;
    },
    get reads() {
      return reads;
    },
    logger: { warn: (_obj: object, msg?: string) => warnings.push(msg ?? '') },
    warnings,
  };
}

describe('PolledRead', () => {
  it('reads at start, then every refreshMs', async () => {
    const source = counter([1, 2, 3]);
    const polled = await PolledRead.start({ read: source.read, refreshMs: 10, logger: source.logger, what: 'the value' });
    try {
      expect(polled.value).toBe(1);
      await sleep(80);
      expect(source.reads).toBeGreaterThanOrEqual(3);
      expect(polled.value).toBe(3);
    } finally {
      polled.close();
    }
  });

  it('polls every 250 ms when no refreshMs is given', async () => {
    const source = counter([1, 2, 3, 4, 5, 6]);
    const polled = await PolledRead.start({ read: source.read, logger: source.logger, what: 'the value' });
    try {
      await sleep(150);
      expect(source.reads).toBe(1);
      await sleep(450);
      expect(source.reads).toBeGreaterThanOrEqual(2);
      expect(source.reads).toBeLessThanOrEqual(4);
    } finally {
      polled.close();
    }
  });

  it('keeps the last value while reads fail, and says so once', async () => {
    const source = counter([1, new Error('database down'), new Error('database down')]);
    const polled = await PolledRead.start({ read: source.read, refreshMs: 10, logger: source.logger, what: 'the value' });
    try {
      await sleep(60);
      expect(polled.value).toBe(1);
      expect(source.warnings).toEqual(['the value unreadable; the last value read stays in force']);
    } finally {
      polled.close();
    }
  });

  it('with refreshMs null (the embedded database) reads once and never polls; refresh and set still work', async () => {
    const source = counter([1, 2]);
    const polled = await PolledRead.start({ read: source.read, refreshMs: null, logger: source.logger, what: 'the value' });
    try {
      await sleep(60);
      expect(source.reads).toBe(1);
      await polled.refresh();
      expect(polled.value).toBe(2);
      polled.value = 5;
      expect(polled.value).toBe(5);
      expect(source.reads).toBe(2);
    } finally {
      polled.close();
    }
  });

  it('polls on a shared database only', () => {
    expect(pollingOf({ databaseKind: 'pglite' })).toEqual({ refreshMs: null });
    expect(pollingOf({ databaseKind: 'postgres' })).toEqual({});
    expect(pollingOf({})).toEqual({});
  });
});
