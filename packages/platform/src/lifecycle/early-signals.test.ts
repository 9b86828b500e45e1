import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EarlySignals } from './shutdown.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  // Node passes the signal name to its listeners, as emit('SIGINT', 'SIGINT') does here.
  return emitter as unknown as Pick<NodeJS.Process, 'on' | 'removeListener'> & { emit(event: string, signal: string): boolean; listenerCount(signal: string): number };
}

describe('EarlySignals', () => {
  it('remembers the first signal received during start-up and stops listening on release', () => {
    const target = fakeProcess();
    const early = new EarlySignals(['SIGTERM', 'SIGINT'], target);
    expect(early.received).toBeUndefined();
    target.emit('SIGINT', 'SIGINT');
    target.emit('SIGTERM', 'SIGTERM');
    expect(early.received).toBe('SIGINT');
    expect(early.release()).toBe('SIGINT');
    expect(target.listenerCount('SIGTERM')).toBe(0);
    expect(target.listenerCount('SIGINT')).toBe(0);
  });

  it('reports nothing when no signal came', () => {
    const target = fakeProcess();
    expect(new EarlySignals(['SIGTERM'], target).release()).toBeUndefined();
  });
});
