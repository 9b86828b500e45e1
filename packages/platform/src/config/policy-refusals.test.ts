import { PolicyError, guardServerOptions, resolvePolicy } from '@rampart/guard';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, toGuardPolicyInput, withPlatformVariableNames } from './index.js';

const PRODUCTION = loadConfig(
  { RAMPART_ENV: 'production', ALLOWED_HOSTS: 'api.example.com', SECURITY_CONTACT: 'mailto:security@example.com' },
  '/srv/app',
);

function configErrorOf(build: () => unknown): ConfigError {
  try {
    withPlatformVariableNames(build);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('guard refusals reported by environment variable', () => {
  it('names REDIS_URL for a memory store across instances, and keeps guard policy key as the reason', () => {
    // loadConfig refuses this itself; the translation is the second line of defense.
    const config = { ...PRODUCTION, instances: 3 };
    const error = configErrorOf(() => guardServerOptions(toGuardPolicyInput(config), { logger: false }));
    expect(error.issues).toEqual([
      {
        variable: 'REDIS_URL',
        problem: expect.stringContaining('guard refuses rateLimit.store: an in-process store with instances: 3'),
        fix: expect.stringContaining('set REDIS_URL=redis://'),
      },
    ]);
    expect(error.message).toContain('REDIS_URL');
    expect(error.cause).toBeInstanceOf(PolicyError);
  });

  it('names ALLOWED_HOSTS and CORS_ORIGINS, every problem at once', () => {
    const input = { ...toGuardPolicyInput({ ...PRODUCTION, allowedHosts: [] }), cors: { origins: ['null'] } };
    const error = configErrorOf(() => resolvePolicy(input));
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(['ALLOWED_HOSTS', 'CORS_ORIGINS']);
  });

  it('passes every other error through and returns the result when nothing is refused', () => {
    expect(() => withPlatformVariableNames(() => { throw new TypeError('boom'); })).toThrow(TypeError);
    expect(withPlatformVariableNames(() => resolvePolicy(toGuardPolicyInput(PRODUCTION))).mode).toBe('production');
  });
});
