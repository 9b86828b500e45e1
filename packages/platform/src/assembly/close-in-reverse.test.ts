import { describe, expect, it } from 'vitest';
import { ClosingStack } from './close-in-reverse.js';

describe('ClosingStack', () => {
  it('closes newest first, tries every part when one fails, then rejects naming the failures', async () => {
    const closed: string[] = [];
    const stack = new ClosingStack();
    for (const name of ['database', 'redis', 'identity', 'server']) {
      stack.push({
        name,
        close: async () => {
          closed.push(name);
          if (name === 'identity') throw new Error('identity would not close');
        },
      });
    }
    const error = await stack.close().catch((e: unknown) => e);
    expect(closed).toEqual(['server', 'identity', 'redis', 'database']);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).message).toBe('closing failed: identity');
    expect((error as AggregateError).errors).toHaveLength(1);
  });

  it('runs once: later calls share the first promise and close nothing again', async () => {
    let closes = 0;
    const stack = new ClosingStack();
    stack.push({ name: 'database', close: async () => void (closes += 1) });
    const first = stack.close();
    expect(stack.close()).toBe(first);
    await first;
    await stack.close();
    expect(closes).toBe(1);
    expect(() => stack.push({ name: 'late', close: async () => undefined })).toThrow(/already closing/);
  });
});
