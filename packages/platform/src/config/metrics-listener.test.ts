import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';
import type { Env } from './index.js';

const PRODUCTION: Env = { RAMPART_ENV: 'production', ALLOWED_HOSTS: 'api.example.com', SECURITY_CONTACT: 'mailto:security@example.com' };

function issuesOf(env: Env): { variable: string; problem: string }[] {
  try {
    loadConfig(env, '/srv/app');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

describe('METRICS_PORT / METRICS_HOST', () => {
  it('starts no listener by default', () => {
    expect(loadConfig({}, '/srv/app').metricsListener).toBeUndefined();
  });

  it('binds 127.0.0.1 unless METRICS_HOST names another address', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }, '/srv/app').metricsListener).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ ...PRODUCTION, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }, '/srv/app').metricsListener).toEqual({ host: '10.0.0.5', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '::1' }, '/srv/app').metricsListener).toEqual({ host: '::1', port: 9464 });
  });

  it('refuses a port that is not a port, or the API port', () => {
    expect(issuesOf({ METRICS_PORT: 'ninety' }).map((issue) => issue.variable)).toEqual(['METRICS_PORT']);
    expect(issuesOf({ METRICS_PORT: '70000' }).map((issue) => issue.variable)).toEqual(['METRICS_PORT']);
    const same = issuesOf({ PORT: '8080', METRICS_PORT: '8080' });
    expect(same).toHaveLength(1);
    expect(same[0]?.problem).toContain("API's PORT");
  });

  it('refuses a host name (it could resolve to a public interface) and METRICS_HOST without METRICS_PORT', () => {
    expect(issuesOf({ METRICS_PORT: '9464', METRICS_HOST: 'metrics.example.com' })[0]?.problem).toContain('must be an IP address');
    expect(issuesOf({ METRICS_HOST: '127.0.0.1' })[0]?.problem).toContain('METRICS_PORT is not');
  });

  it('refuses a wildcard address in production, allows it in development', () => {
    for (const wildcard of ['0.0.0.0', '::']) {
      const issues = issuesOf({ ...PRODUCTION, METRICS_PORT: '9464', METRICS_HOST: wildcard });
      expect(issues.map((issue) => issue.variable)).toEqual(['METRICS_HOST']);
      expect(issues[0]?.problem).toContain('wildcard');
      expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: wildcard }, '/srv/app').metricsListener?.host).toBe(wildcard);
    }
  });
});
