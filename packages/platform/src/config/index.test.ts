import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, toGuardPolicyInput } from './index.js';
import { accountKey } from './rate-limit-classes.js';
import type { Env } from './index.js';

const CWD = '/srv/app';
const PRODUCTION: Env = {
  RAMPART_ENV: 'production',
  ALLOWED_HOSTS: 'api.example.com',
  SECURITY_CONTACT: 'mailto:security@example.com',
};

function issuesOf(env: Env): { variable: string; problem: string; fix: string }[] {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults (development)', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({}, CWD);
    expect(config.mode).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe('/srv/app/.rampart');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.allowedHosts).toEqual(['localhost', '127.0.0.1']);
    expect(config.corsOrigins).toEqual([]);
    expect(config.trustProxy).toEqual([]);
    expect(config.rateLimits.login).toEqual({ limit: 5, windowMs: 60_000 });
    expect(config.rateLimits.passwordReset).toEqual({ limit: 3, windowMs: 3_600_000 });
    expect(config.rateLimits.health).toEqual({ limit: 60, windowMs: 60_000 });
    expect(config.instances).toBe(1);
    expect(config.logLevel).toBe('info');
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.allowedHosts)).toBe(true);
  });

  it('keeps an absolute data directory and resolves a relative one against cwd', () => {
    expect(loadConfig({ RAMPART_DATA_DIR: '/var/lib/rampart' }, CWD).dataDir).toBe('/var/lib/rampart');
    expect(loadConfig({ RAMPART_DATA_DIR: 'data' }, CWD).dataDir).toBe('/srv/app/data');
  });

  it('takes the migration URL from DATABASE_MIGRATION_URL alone, never from DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db:5432/x' }, CWD).databaseMigrationUrl).toBeUndefined();
    const both = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/x', DATABASE_MIGRATION_URL: 'postgres://migrator@db:5432/x' }, CWD);
    expect(both).toMatchObject({ databaseUrl: 'postgres://app@db:5432/x', databaseMigrationUrl: 'postgres://migrator@db:5432/x' });
  });
});

describe('loadConfig production rules', () => {
  it('accepts a complete production environment', () => {
    const config = loadConfig(PRODUCTION, CWD);
    expect(config.mode).toBe('production');
    expect(config.allowedHosts).toEqual(['api.example.com']);
    expect(config.securityContacts).toEqual(['mailto:security@example.com']);
  });

  it('refuses a missing ALLOWED_HOSTS, naming it and the fix', () => {
    const issues = issuesOf({ ...PRODUCTION, ALLOWED_HOSTS: undefined });
    expect(issues.map((i) => i.variable)).toEqual(['ALLOWED_HOSTS']);
    expect(issues[0]?.fix).toMatch(/ALLOWED_HOSTS=/);
  });

  it('treats a list of only commas as missing', () => {
    expect(issuesOf({ ...PRODUCTION, ALLOWED_HOSTS: ' , ,' }).map((i) => i.variable)).toEqual(['ALLOWED_HOSTS']);
  });

  it('refuses a missing SECURITY_CONTACT', () => {
    const issues = issuesOf({ ...PRODUCTION, SECURITY_CONTACT: '' });
    expect(issues.map((i) => i.variable)).toEqual(['SECURITY_CONTACT']);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf({ RAMPART_ENV: 'production', PORT: 'eighty' });
    expect(issues.map((i) => i.variable).sort()).toEqual(['ALLOWED_HOSTS', 'PORT', 'SECURITY_CONTACT']);
    try {
      loadConfig({ RAMPART_ENV: 'production' }, CWD);
    } catch (error) {
      expect((error as Error).message).toMatch(/ALLOWED_HOSTS: .*Fix: set ALLOWED_HOSTS=/);
    }
  });

  it('refuses http origins in production but allows them in development', () => {
    expect(issuesOf({ ...PRODUCTION, CORS_ORIGINS: 'http://app.example.com' })[0]?.variable).toBe('CORS_ORIGINS');
    expect(loadConfig({ CORS_ORIGINS: 'http://localhost:5173' }, CWD).corsOrigins).toEqual(['http://localhost:5173']);
  });

  it('refuses several instances without a shared store or shared database', () => {
    const issues = issuesOf({ ...PRODUCTION, RAMPART_INSTANCES: '3' });
    expect(issues.map((i) => i.variable)).toEqual(['RAMPART_INSTANCES', 'RAMPART_INSTANCES']);
    expect(issues[0]?.fix).toMatch(/REDIS_URL/);
    expect(issues[1]?.fix).toMatch(/DATABASE_URL/);
  });

  it('treats an unknown RAMPART_ENV as an error, not as development', () => {
    const issues = issuesOf({ RAMPART_ENV: 'prod' });
    expect(issues.map((i) => i.variable)).toContain('RAMPART_ENV');
    // it is checked as production meanwhile, so the production-only rules are reported too
    expect(issues.map((i) => i.variable)).toContain('ALLOWED_HOSTS');
  });
});

describe('loadConfig hostile and malformed values', () => {
  it.each([
    ['*'],
    ['null'],
    ['NULL'],
    ['https://*.example.com'],
    ['https://app.example.com/path'],
    ['https://user:pw@app.example.com'],
    ['https://app.example.com?x=1'],
    ['javascript:alert(1)'],
    ['app.example.com'],
  ])('refuses the origin %s', (origin) => {
    const issues = issuesOf({ CORS_ORIGINS: origin });
    expect(issues.map((i) => i.variable)).toEqual(['CORS_ORIGINS']);
  });

  it('normalises origins to scheme://host[:port]', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://App.Example.com/, https://a.example.com:8443' }, CWD);
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'https://a.example.com:8443']);
  });

  it.each(['true', '*', '1', '10.0.0.0/33', '::1/129', 'proxy.internal', '10.0.0.1/8/1'])(
    'refuses TRUST_PROXY=%s',
    (value) => {
      expect(issuesOf({ TRUST_PROXY: value }).map((i) => i.variable)).toEqual(['TRUST_PROXY']);
    },
  );

  it('accepts addresses and CIDRs for TRUST_PROXY', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,fd00::/8' }, CWD).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'fd00::/8',
    ]);
  });

  it.each(['https://api.example.com', 'api.example.com:443', 'api..example.com', '-bad.example.com', 'a/b', '**.example.com', '10.0.0.0/33', '10.0.0.0/'])(
    'refuses the allowed host %s',
    (host) => {
      expect(issuesOf({ ALLOWED_HOSTS: host }).map((i) => i.variable)).toEqual(['ALLOWED_HOSTS']);
    },
  );

  it('accepts CIDRs in ALLOWED_HOSTS (a probe sends the pod IP as Host)', () => {
    expect(loadConfig({ ALLOWED_HOSTS: 'api.example.com,10.0.0.0/8,FD00::/8' }, CWD).allowedHosts).toEqual(['api.example.com', '10.0.0.0/8', 'fd00::/8']);
  });

  it('lower-cases hosts and accepts wildcards of whole labels and IP literals', () => {
    expect(loadConfig({ ALLOWED_HOSTS: 'API.example.com,*.example.org,10.0.0.1,[::1]' }, CWD).allowedHosts).toEqual([
      'api.example.com',
      '*.example.org',
      '10.0.0.1',
      '[::1]',
    ]);
  });

  it.each(['-1', '65536', '3000abc', '1e3', ' ', '0x10'])('refuses PORT=%j unless blank', (port) => {
    if (port.trim() === '') {
      expect(loadConfig({ PORT: port }, CWD).port).toBe(3000);
      return;
    }
    expect(issuesOf({ PORT: port }).map((i) => i.variable)).toEqual(['PORT']);
  });

  it('parses rate limits per second, minute and hour', () => {
    const config = loadConfig(
      { RATE_LIMIT_PUBLIC: '10/second', RATE_LIMIT_LOGIN: '3 / Minute', RATE_LIMIT_PASSWORD_RESET: '2/hour' },
      CWD,
    );
    expect(config.rateLimits.public).toEqual({ limit: 10, windowMs: 1_000 });
    expect(config.rateLimits.login).toEqual({ limit: 3, windowMs: 60_000 });
    expect(config.rateLimits.passwordReset).toEqual({ limit: 2, windowMs: 3_600_000 });
  });

  it.each(['0/minute', '10/day', 'ten/minute', '10', '-5/second', '10/minute;drop'])('refuses RATE_LIMIT_HEALTH=%s', (value) => {
    const issues = issuesOf({ RATE_LIMIT_HEALTH: value });
    expect(issues.map((i) => i.variable)).toEqual(['RATE_LIMIT_HEALTH']);
    expect(issues[0]?.problem).not.toContain(value);
  });

  it('never echoes a database URL (it may carry a password)', () => {
    const secret = 'hunter2-secret';
    const issues = issuesOf({ DATABASE_URL: `mysql://root:${secret}@db/x` });
    expect(issues.map((i) => i.variable)).toEqual(['DATABASE_URL']);
    expect(JSON.stringify(issues)).not.toContain(secret);
  });

  it('refuses an unknown LOG_LEVEL and a shutdown timeout out of range', () => {
    expect(issuesOf({ LOG_LEVEL: 'loud' }).map((i) => i.variable)).toEqual(['LOG_LEVEL']);
    expect(issuesOf({ RAMPART_SHUTDOWN_TIMEOUT_MS: '5' }).map((i) => i.variable)).toEqual(['RAMPART_SHUTDOWN_TIMEOUT_MS']);
  });

  it('refuses non-redis REDIS_URL and bad contacts', () => {
    expect(issuesOf({ REDIS_URL: 'http://cache:6379' }).map((i) => i.variable)).toEqual(['REDIS_URL']);
    expect(issuesOf({ SECURITY_CONTACT: 'http://example.com' }).map((i) => i.variable)).toEqual(['SECURITY_CONTACT']);
    expect(issuesOf({ SECURITY_CONTACT: 'mailto:nobody' }).map((i) => i.variable)).toEqual(['SECURITY_CONTACT']);
  });
});

describe('toGuardPolicyInput', () => {
  it('turns docs on in development only', () => {
    expect(toGuardPolicyInput(loadConfig({}, CWD)).docs).toEqual({ enabled: true });
    expect(toGuardPolicyInput(loadConfig(PRODUCTION, CWD)).docs).toEqual({ enabled: false });
  });

  it('maps hosts, proxies, origins, limits and security.txt', () => {
    const policy = toGuardPolicyInput(
      loadConfig({ ...PRODUCTION, CORS_ORIGINS: 'https://app.example.com', TRUST_PROXY: '10.0.0.1', RATE_LIMIT_LOGIN: '7/hour' }, CWD),
    );
    expect(policy.mode).toBe('production');
    expect(policy.allowedHosts).toEqual(['api.example.com']);
    expect(policy.trustProxy).toEqual(['10.0.0.1']);
    expect(policy.cors?.origins).toEqual(['https://app.example.com']);
    expect(policy.cors?.credentials).toBe(true);
    expect(policy.rateLimit?.classes?.login).toEqual({ limit: 7, windowMs: 3_600_000, onStoreFailure: 'closed', ipv6Prefix48Factor: 16, alsoKey: accountKey });
    // Register counts on its own, at the login setting; reset fails closed and counts the email too.
    expect(policy.rateLimit?.classes?.register).toEqual({ limit: 7, windowMs: 3_600_000, onStoreFailure: 'closed', ipv6Prefix48Factor: 16 });
    expect(policy.rateLimit?.classes?.passwordReset).toMatchObject({ limit: 3, onStoreFailure: 'closed', alsoKey: accountKey });
    expect(policy.rateLimit?.classes?.health).toEqual({ limit: 60, windowMs: 60_000, onStoreFailure: 'fallback' });
    expect(policy.rateLimit?.store).toBe('memory');
    expect(policy.securityTxt).toEqual({ contact: ['mailto:security@example.com'] });
  });

  it('sends no credentials when no origin is allowed, and no security.txt without a contact', () => {
    const policy = toGuardPolicyInput(loadConfig({}, CWD));
    expect(policy.cors?.credentials).toBe(false);
    expect(policy.securityTxt).toBe(false);
  });
});

describe('loadConfig import settings', () => {
  it('allows no private import origin and decides no proxy by default', () => {
    const config = loadConfig({}, CWD);
    expect(config.importAllowedOrigins).toEqual([]);
    expect(config.importProxy).toBeUndefined();
  });

  it('takes exact import origins, https only in production', () => {
    expect(loadConfig({ IMPORT_ALLOWED_ORIGINS: 'http://127.0.0.1:4000, https://catalogue.internal/' }, CWD).importAllowedOrigins).toEqual([
      'http://127.0.0.1:4000',
      'https://catalogue.internal',
    ]);
    expect(loadConfig({ ...PRODUCTION, IMPORT_ALLOWED_ORIGINS: 'https://catalogue.internal:8443' }, CWD).importAllowedOrigins).toEqual(['https://catalogue.internal:8443']);
    expect(issuesOf({ ...PRODUCTION, IMPORT_ALLOWED_ORIGINS: 'http://catalogue.internal' }).map((i) => i.variable)).toEqual(['IMPORT_ALLOWED_ORIGINS']);
    expect(issuesOf({ IMPORT_ALLOWED_ORIGINS: 'https://catalogue.internal/path' }).map((i) => i.variable)).toEqual(['IMPORT_ALLOWED_ORIGINS']);
    expect(issuesOf({ IMPORT_ALLOWED_ORIGINS: '*' }).map((i) => i.variable)).toEqual(['IMPORT_ALLOWED_ORIGINS']);
  });

  it('takes IMPORT_PROXY as a URL or "direct"', () => {
    expect(loadConfig({ IMPORT_PROXY: 'http://proxy.internal:3128' }, CWD).importProxy).toBe('http://proxy.internal:3128');
    expect(loadConfig({ IMPORT_PROXY: 'direct' }, CWD).importProxy).toBe(false);
    expect(issuesOf({ IMPORT_PROXY: 'socks5://proxy.internal:1080' }).map((i) => i.variable)).toEqual(['IMPORT_PROXY']);
  });
});

describe('METRICS_PORT / METRICS_HOST', () => {
  it('starts no listener by default', () => {
    expect(loadConfig({}, CWD).metricsListener).toBeUndefined();
  });

  it('binds 127.0.0.1 unless METRICS_HOST names another address', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }, CWD).metricsListener).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ ...PRODUCTION, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }, CWD).metricsListener).toEqual({ host: '10.0.0.5', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '::1' }, CWD).metricsListener).toEqual({ host: '::1', port: 9464 });
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
      expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: wildcard }, CWD).metricsListener?.host).toBe(wildcard);
    }
  });
});
