// PlatformConfig -> guard's policy input. Guard validates, defaults and freezes it, and
// refuses insecure combinations in production; this file only maps settings across.
import type { BearerVerifier, GuardPolicyInput, RateLimitDecisionHook, RateLimitStore } from '@rampart/guard';
import { PLATFORM_ERROR_CODES } from '../error-codes.js';
import type { PlatformConfig } from './index.js';
import { platformRateLimitClasses } from './rate-limit-classes.js';

export interface GuardPolicyExtras {
  /** Bearer verification from the identity module (guard needs it for non-public routes). */
  readonly authenticate?: BearerVerifier;
  /** A shared store (Redis) when REDIS_URL is set; the bounded in-process store otherwise. */
  readonly rateLimitStore?: RateLimitStore;
  /** Told each rate-limit decision (the metrics counter by class and outcome). */
  readonly onRateLimitDecision?: RateLimitDecisionHook;
}

export function toGuardPolicyInput(config: PlatformConfig, extras: GuardPolicyExtras = {}): GuardPolicyInput {
  const policy: GuardPolicyInput = {
    mode: config.mode,
    instances: config.instances,
    allowedHosts: config.allowedHosts,
    trustProxy: config.trustProxy,
    cors: {
      origins: config.corsOrigins,
      // Credentials (the refresh cookie) only ever travel to the explicit allow list above.
      credentials: config.corsOrigins.length > 0,
    },
    rateLimit: { store: extras.rateLimitStore ?? 'memory', classes: platformRateLimitClasses(config.rateLimits) },
    // Pages (the web app, /docs) add Trusted Types to guard's page CSP: a string reaching an
    // HTML or script sink throws, and the app may create only its (refusing) `default` policy.
    headers: { pageCsp: { 'require-trusted-types-for': ["'script'"], 'trusted-types': ['default'] } },
    // Interactive docs are a development aid; production never serves them.
    docs: { enabled: config.mode === 'development' },
    securityTxt: config.securityContacts.length > 0 ? { contact: config.securityContacts } : false,
    // Every code the platform throws besides guard's own (a code missing here answers 500).
    errors: { codes: PLATFORM_ERROR_CODES },
  };
  if (extras.authenticate) policy.authenticate = extras.authenticate;
  if (extras.onRateLimitDecision) policy.metrics = { onRateLimitDecision: extras.onRateLimitDecision };
  return policy;
}
