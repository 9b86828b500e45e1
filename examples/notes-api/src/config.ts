// Everything the service reads from its environment, checked once at start.
export interface NotesConfig {
  readonly host: string;
  readonly port: number;
  readonly production: boolean;
  /** Host names (and addresses) clients may use to reach the service. */
  readonly allowedHosts: readonly string[];
  readonly redisUrl: string;
  /** Prefix of the rate-limit keys, so that several services share one Redis. */
  readonly redisPrefix: string;
  /** The OpenID Connect provider whose access tokens the scoped routes accept. */
  readonly oidcIssuer: string;
  readonly oidcAudience: string;
  /** Shared secret of the payment provider's webhook. */
  readonly webhookSecret: string;
  /** Password of the single operator account of the login route. */
  readonly operatorPassword: string;
  /** Private destinations the import may fetch from (origins, host:port or CIDRs); none by default. */
  readonly importAllowPrivate: readonly string[];
}

export class ConfigError extends Error {}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`${name} is required`);
  return value;
}

const list = (value: string | undefined): string[] => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);

export function readConfig(env: NodeJS.ProcessEnv): NotesConfig {
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT must be a port number (0 picks a free one)');
  const webhookSecret = required(env, 'NOTES_WEBHOOK_SECRET');
  if (webhookSecret.length < 32) throw new ConfigError('NOTES_WEBHOOK_SECRET must be at least 32 characters');
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    production: env.NODE_ENV === 'production',
    allowedHosts: list(env.ALLOWED_HOSTS ?? 'localhost,127.0.0.1'),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX ?? 'notes:rl:',
    oidcIssuer: required(env, 'OIDC_ISSUER'),
    oidcAudience: required(env, 'OIDC_AUDIENCE'),
    webhookSecret,
    operatorPassword: required(env, 'NOTES_OPERATOR_PASSWORD'),
    importAllowPrivate: list(env.NOTES_IMPORT_ALLOW_PRIVATE),
  };
}
