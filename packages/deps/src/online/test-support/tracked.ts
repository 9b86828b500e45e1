// Shared by the online client tests: stand-ins started through `start` are closed after each
// test, and `rejection` asserts that a call failed with an OnlineAdvisoryError.
import { afterEach, expect } from 'vitest';
import { OnlineAdvisoryError } from '../errors.js';
import type { StandIn } from './server.js';

/** Call once at the top of a test file; returns the `start` that tracks a stand-in. */
export function trackStandIns(): (starting: Promise<StandIn>) => Promise<StandIn> {
  let servers: StandIn[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (starting) => {
    const server = await starting;
    servers.push(server);
    return server;
  };
}

export async function rejection(p: Promise<unknown>): Promise<OnlineAdvisoryError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OnlineAdvisoryError);
  return error as OnlineAdvisoryError;
}
