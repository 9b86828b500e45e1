// Environment -> PlatformConfig, per the configuration table of docs/api.md.
// Pure: takes an env object, returns a frozen config or throws one ConfigError naming every
// wrong or missing setting and its fix. Production refuses to start half-configured.
import { isAbsolute, resolve } from 'node:path';
import type { Env } from './env-file.js';
import { IssueList } from './errors.js';
import {
  parseContacts,
  parseHosts,
  parseInteger,
  parseMode,
  parseOrigins,
  parseRateLimit,
  parseServiceUrl,
  parseTrustProxy,
  isHostName,
  splitList,
} from './parse.js';
import type { Mode, RateLimitSetting } from './parse.js';
import { parseMetricsListener } from './metrics-listener.js';
import type { MetricsListenerSetting } from './metrics-listener.js';

export { ConfigError } from './errors.js';
export type { ConfigIssue } from './errors.js';
export { readEnvironment } from './env-file.js';
export { resolveSecretFiles, SECRET_VARIABLES } from './secret-files.js';
export type { Env } from './env-file.js';
export { toGuardPolicyInput } from './guard-policy.js';
export { withPlatformVariableNames } from './policy-refusals.js';
export type { Mode, RateLimitSetting } from './parse.js';
export type { MetricsListenerSetting } from './metrics-listener.js';

export interface PlatformConfig {
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  /** Absolute path of the embedded database and development keys. */
  readonly dataDir: string;
  /** Application-role PostgreSQL URL; undefined means embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Migration-role PostgreSQL URL (DATABASE_MIGRATION_URL alone, no fallback): `rampart db
   * migrate` connects through it only; the server's own start-up migration falls back to
   * `databaseUrl` where it opens the database. */
  readonly databaseMigrationUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly allowedHosts: readonly string[];
  readonly trustProxy: readonly string[];
  readonly rateLimits: Readonly<Record<PlatformRateLimitClass, RateLimitSetting>>;
  readonly securityContacts: readonly string[];
  /** Instances the deployment runs; more than one needs the shared store (REDIS_URL). */
  readonly instances: number;
  /** Longest wait for in-flight requests on shutdown. */
  readonly shutdownTimeoutMs: number;
  /** pino level of the server's JSON log lines. */
  readonly logLevel: string;
  /** Origins `POST /api/import {url}` may fetch from even when they are private or loopback. */
  readonly importAllowedOrigins: readonly string[];
  /** Proxy of the import fetch: a URL, `false` for direct, undefined to refuse while HTTP(S)_PROXY is set. */
  readonly importProxy: string | false | undefined;
  /** METRICS_PORT/METRICS_HOST: the Prometheus listener without a token; undefined: none. */
  readonly metricsListener: MetricsListenerSetting | undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The platform's rate-limit classes (docs/api.md): guard's `public` and `authenticated`, and
 * the classes the platform defines in its policy (config/rate-limit-classes.ts). */
export type PlatformRateLimitClass = 'public' | 'authenticated' | 'login' | 'register' | 'passwordReset' | 'health';

export const DEFAULT_RATE_LIMITS: Readonly<Record<PlatformRateLimitClass, RateLimitSetting>> = Object.freeze({
  public: { limit: 100, windowMs: 60_000 },
  authenticated: { limit: 300, windowMs: 60_000 },
  login: { limit: 5, windowMs: 60_000 },
  register: { limit: 5, windowMs: 60_000 },
  passwordReset: { limit: 3, windowMs: 3_600_000 },
  health: { limit: 60, windowMs: 60_000 },
});

export const RATE_LIMIT_VARIABLES: Readonly<Record<Exclude<PlatformRateLimitClass, 'register'>, string>> = {
  public: 'RATE_LIMIT_PUBLIC',
  authenticated: 'RATE_LIMIT_AUTHENTICATED',
  login: 'RATE_LIMIT_LOGIN',
  passwordReset: 'RATE_LIMIT_PASSWORD_RESET',
  health: 'RATE_LIMIT_HEALTH',
};

const DEVELOPMENT_HOSTS = ['localhost', '127.0.0.1'];

/** Builds the configuration from `env`; relative paths resolve against `cwd`. */
export function loadConfig(env: Env, cwd: string): PlatformConfig {
  const issues = new IssueList();
  const mode = parseMode('RAMPART_ENV', env.RAMPART_ENV, issues);
  const production = mode === 'production';

  const port = parseInteger('PORT', env.PORT, 3000, { min: 0, max: 65_535 }, issues);
  const host = env.HOST?.trim() || '127.0.0.1';
  if (!isHostName(host.toLowerCase(), false)) {
    issues.add('HOST', 'is not an IP address or host name', 'set HOST=127.0.0.1 (or 0.0.0.0 to listen on every interface)');
  }

  const rawDataDir = env.RAMPART_DATA_DIR?.trim() || '.rampart';
  const dataDir = isAbsolute(rawDataDir) ? rawDataDir : resolve(cwd, rawDataDir);

  const databaseUrl = parseServiceUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'], 'postgres://app@db.internal:5432/rampart', issues);
  const databaseMigrationUrl = parseServiceUrl('DATABASE_MIGRATION_URL', env.DATABASE_MIGRATION_URL, ['postgres:', 'postgresql:'], 'postgres://migrator@db.internal:5432/rampart', issues);
  const redisUrl = parseServiceUrl('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:'], 'redis://cache.internal:6379', issues);

  const corsOrigins = parseOrigins('CORS_ORIGINS', env.CORS_ORIGINS, mode, issues);
  const trustProxy = parseTrustProxy('TRUST_PROXY', env.TRUST_PROXY, issues);

  let allowedHosts = parseHosts('ALLOWED_HOSTS', env.ALLOWED_HOSTS, issues);
  if (splitList(env.ALLOWED_HOSTS).length === 0) {
    if (production) {
      issues.add('ALLOWED_HOSTS', 'is required in production (requests for any other Host are refused)', 'set ALLOWED_HOSTS=api.example.com (comma-separated host names this API answers to)');
    } else {
      allowedHosts = [...DEVELOPMENT_HOSTS];
    }
  }

  const securityContacts = parseContacts('SECURITY_CONTACT', env.SECURITY_CONTACT, issues);
  if (production && splitList(env.SECURITY_CONTACT).length === 0) {
    issues.add('SECURITY_CONTACT', 'is required in production (it is the Contact: of /.well-known/security.txt)', 'set SECURITY_CONTACT=mailto:security@example.com');
  }

  const rateLimits = {} as Record<PlatformRateLimitClass, RateLimitSetting>;
  for (const [cls, variable] of Object.entries(RATE_LIMIT_VARIABLES) as [PlatformRateLimitClass, string][]) {
    rateLimits[cls] = Object.freeze(parseRateLimit(variable, env[variable], DEFAULT_RATE_LIMITS[cls], issues));
  }
  // Register has counters of its own, at the login limit (docs/api.md: "login, register").
  rateLimits.register = rateLimits.login;

  const instances = parseInteger('RAMPART_INSTANCES', env.RAMPART_INSTANCES, 1, { min: 1, max: 10_000 }, issues);
  if (production && instances > 1 && redisUrl === undefined) {
    issues.add('RAMPART_INSTANCES', `is ${instances} but REDIS_URL is unset, so each instance would keep its own rate limits and revocations`, 'set REDIS_URL=redis://cache.internal:6379, or RAMPART_INSTANCES=1');
  }
  if (production && instances > 1 && databaseUrl === undefined) {
    issues.add('RAMPART_INSTANCES', `is ${instances} but DATABASE_URL is unset; the embedded database belongs to one process`, 'set DATABASE_URL=postgres://app@db.internal:5432/rampart, or RAMPART_INSTANCES=1');
  }

  const shutdownTimeoutMs = parseInteger('RAMPART_SHUTDOWN_TIMEOUT_MS', env.RAMPART_SHUTDOWN_TIMEOUT_MS, 10_000, { min: 100, max: 600_000 }, issues);

  const logLevel = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    issues.add('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`, 'set LOG_LEVEL=info');
  }

  // Production: https origins only (parseOrigins refuses http there), like CORS_ORIGINS.
  const importAllowedOrigins = parseOrigins('IMPORT_ALLOWED_ORIGINS', env.IMPORT_ALLOWED_ORIGINS, mode, issues);
  const rawImportProxy = env.IMPORT_PROXY?.trim() ?? '';
  const importProxy = rawImportProxy.toLowerCase() === 'direct' ? false : parseServiceUrl('IMPORT_PROXY', rawImportProxy, ['http:', 'https:'], 'http://proxy.internal:3128 (or IMPORT_PROXY=direct)', issues);

  const metricsListener = parseMetricsListener(env, { production, port }, issues);

  issues.throwIfAny();
  return Object.freeze({
    mode,
    port,
    host,
    dataDir,
    databaseUrl,
    databaseMigrationUrl,
    redisUrl,
    corsOrigins: Object.freeze(corsOrigins),
    allowedHosts: Object.freeze(allowedHosts),
    trustProxy: Object.freeze(trustProxy),
    rateLimits: Object.freeze(rateLimits),
    securityContacts: Object.freeze(securityContacts),
    instances,
    shutdownTimeoutMs,
    logLevel,
    importAllowedOrigins: Object.freeze(importAllowedOrigins),
    importProxy,
    metricsListener,
  });
}
