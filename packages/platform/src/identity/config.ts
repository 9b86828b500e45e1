// Identity settings from the environment (documented in docs/identity.md). Pure: env in,
// frozen settings out, or an Error naming the variable and the fix.
import { DEFAULT_EXTERNAL_ALGORITHMS, type ExternalIdpSettings } from './tokens/external-idp.js';

export interface IdentitySettings {
  /** `iss` of our access tokens. */
  readonly issuer: string;
  /** `aud` of our access tokens (and what we require of them). */
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly external: ExternalIdpSettings | undefined;
  /** Also return the refresh token in the JSON body of login and refresh answers (it is always
   * the `__Host-refresh` HttpOnly cookie). Off by default: script on an allowed origin could
   * read a body copy and mint tokens, which cancels the HttpOnly cookie (REFRESH_TOKEN_IN_BODY). */
  readonly refreshTokenInBody: boolean;
  /** Login needs a verified email address (REQUIRE_VERIFIED_EMAIL; production default true). */
  readonly requireVerifiedEmail: boolean;
}

export class IdentityConfigError extends Error {
  override readonly name = 'IdentityConfigError';
  readonly code = 'RAMPART_ERR_IDENTITY_CONFIG';
}

type Env = Readonly<Record<string, string | undefined>>;

const ALGORITHMS = new Set<string>(DEFAULT_EXTERNAL_ALGORITHMS);

export function identitySettingsFromEnv(env: Env, mode: 'development' | 'production'): IdentitySettings {
  const issuer = env.RAMPART_TOKEN_ISSUER?.trim() || 'urn:rampart:platform';
  const audience = env.RAMPART_TOKEN_AUDIENCE?.trim() || 'rampart-api';
  const oidc = [env.OIDC_ISSUER, env.OIDC_JWKS_URL, env.OIDC_AUDIENCE].map((v) => v?.trim() || undefined);
  const [oidcIssuer, jwksUrl, oidcAudience] = oidc;
  let external: ExternalIdpSettings | undefined;
  if (oidc.some((v) => v !== undefined)) {
    if (!oidcIssuer || !oidcAudience) {
      throw new IdentityConfigError('OIDC_ISSUER and OIDC_AUDIENCE must be set together (OIDC_JWKS_URL is optional); fix: set both or none');
    }
    // Without OIDC_JWKS_URL the keys are found through the issuer's discovery document.
    const [name, value] = jwksUrl === undefined ? ['OIDC_ISSUER', oidcIssuer] : ['OIDC_JWKS_URL', jwksUrl];
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new IdentityConfigError(`${name} is not a URL; fix: set it to the provider's ${name === 'OIDC_ISSUER' ? 'issuer' : 'JWKS endpoint'} (https://...)`);
    }
    // Plain http only in development and only to this machine (a provider on localhost).
    if (url.protocol !== 'https:' && (mode === 'production' || url.protocol !== 'http:' || !isLoopbackHost(url.hostname))) {
      throw new IdentityConfigError(`${name} must use https (plain http only to localhost in development); fix: use the https endpoint`);
    }
    if (oidcIssuer === issuer) throw new IdentityConfigError('OIDC_ISSUER must differ from RAMPART_TOKEN_ISSUER');
    const algorithms = (env.OIDC_ALGORITHMS?.split(',').map((a) => a.trim()).filter(Boolean) ?? [...DEFAULT_EXTERNAL_ALGORITHMS]) as ExternalIdpSettings['algorithms'];
    const wrong = algorithms.filter((a) => !ALGORITHMS.has(a));
    if (wrong.length > 0 || algorithms.length === 0) {
      throw new IdentityConfigError('OIDC_ALGORITHMS accepts RS256, PS256 and ES256 only; fix: remove the others');
    }
    const maxAge = Number(env.OIDC_MAX_TOKEN_AGE_SECONDS ?? 3600);
    if (!Number.isInteger(maxAge) || maxAge < 60 || maxAge > 86_400) {
      throw new IdentityConfigError('OIDC_MAX_TOKEN_AGE_SECONDS must be an integer between 60 and 86400');
    }
    external = Object.freeze({ issuer: oidcIssuer, jwksUrl, audience: oidcAudience, algorithms, maxTokenAgeSeconds: maxAge, clockToleranceSeconds: 5 });
  }
  const refreshTokenInBody = booleanSetting(env, 'REFRESH_TOKEN_IN_BODY', false);
  const requireVerifiedEmail = booleanSetting(env, 'REQUIRE_VERIFIED_EMAIL', mode === 'production');
  return Object.freeze({ issuer, audience, accessTokenTtlSeconds: 900, clockToleranceSeconds: 5, external, refreshTokenInBody, requireVerifiedEmail });
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function booleanSetting(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new IdentityConfigError(`${name} must be true or false; fix: set ${name}=true or ${name}=false (or leave it unset)`);
}
