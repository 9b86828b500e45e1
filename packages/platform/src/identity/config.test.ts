import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IdentityConfigError, identitySettingsFromEnv } from './config.js';
import { PLATFORM_ERROR_CODES } from '../error-codes.js';
import { ALL_SCOPES, scopesForRole } from './roles.js';

const OIDC = { OIDC_ISSUER: 'https://kc.example.com/realms/rampart', OIDC_JWKS_URL: 'https://kc.example.com/realms/rampart/protocol/openid-connect/certs', OIDC_AUDIENCE: 'rampart-api' };

describe('identity settings from the environment', () => {
  it('defaults: our issuer and audience, no external provider', () => {
    expect(identitySettingsFromEnv({}, 'production')).toMatchObject({ issuer: 'urn:rampart:platform', audience: 'rampart-api', accessTokenTtlSeconds: 900, external: undefined });
  });

  it('requires verified addresses in production only by default; the refresh body copy is an opt-in', () => {
    expect(identitySettingsFromEnv({}, 'production')).toMatchObject({ requireVerifiedEmail: true, refreshTokenInBody: false });
    expect(identitySettingsFromEnv({}, 'development')).toMatchObject({ requireVerifiedEmail: false, refreshTokenInBody: false });
    expect(identitySettingsFromEnv({ REQUIRE_VERIFIED_EMAIL: 'FALSE', REFRESH_TOKEN_IN_BODY: ' true ' }, 'production')).toMatchObject({ requireVerifiedEmail: false, refreshTokenInBody: true });
    expect(() => identitySettingsFromEnv({ REQUIRE_VERIFIED_EMAIL: 'yes' }, 'production')).toThrow(/REQUIRE_VERIFIED_EMAIL must be true or false/);
    expect(() => identitySettingsFromEnv({ REFRESH_TOKEN_IN_BODY: '1' }, 'production')).toThrow(IdentityConfigError);
  });

  it('configures Keycloak from OIDC_* with RS256/PS256/ES256 only', () => {
    const settings = identitySettingsFromEnv(OIDC, 'production');
    expect(settings.external).toMatchObject({ issuer: OIDC.OIDC_ISSUER, audience: 'rampart-api', algorithms: ['RS256', 'PS256', 'ES256'] });
    expect(() => identitySettingsFromEnv({ ...OIDC, OIDC_ALGORITHMS: 'RS256,HS256' }, 'production')).toThrow(/OIDC_ALGORITHMS/);
    expect(() => identitySettingsFromEnv({ ...OIDC, OIDC_ALGORITHMS: 'none' }, 'production')).toThrow(IdentityConfigError);
  });

  it('refuses half a configuration, a non-URL, plain http in production, and a shared issuer', () => {
    expect(() => identitySettingsFromEnv({ OIDC_ISSUER: OIDC.OIDC_ISSUER }, 'development')).toThrow(/set together/);
    expect(() => identitySettingsFromEnv({ ...OIDC, OIDC_JWKS_URL: 'not a url' }, 'development')).toThrow(/OIDC_JWKS_URL/);
    expect(() => identitySettingsFromEnv({ ...OIDC, OIDC_JWKS_URL: 'http://kc.example.com/certs' }, 'production')).toThrow(/https/);
    expect(identitySettingsFromEnv({ ...OIDC, OIDC_JWKS_URL: 'http://127.0.0.1:8080/certs' }, 'development').external?.jwksUrl).toBe('http://127.0.0.1:8080/certs');
    expect(() => identitySettingsFromEnv({ ...OIDC, OIDC_JWKS_URL: 'file:///etc/passwd' }, 'development')).toThrow(/https/);
    expect(() => identitySettingsFromEnv({ ...OIDC, RAMPART_TOKEN_ISSUER: OIDC.OIDC_ISSUER }, 'development')).toThrow(/differ/);
  });

  it('without OIDC_JWKS_URL the keys come from discovery: the issuer must then be an https URL', () => {
    const { OIDC_JWKS_URL: _omitted, ...discovered } = OIDC;
    expect(identitySettingsFromEnv(discovered, 'production').external).toMatchObject({ issuer: OIDC.OIDC_ISSUER, jwksUrl: undefined });
    expect(() => identitySettingsFromEnv({ ...discovered, OIDC_ISSUER: 'not a url' }, 'production')).toThrow(/OIDC_ISSUER is not a URL/);
    expect(() => identitySettingsFromEnv({ ...discovered, OIDC_ISSUER: 'urn:kc' }, 'production')).toThrow(/OIDC_ISSUER must use https/);
    expect(() => identitySettingsFromEnv({ ...discovered, OIDC_ISSUER: 'http://kc.example.com/realms/r' }, 'production')).toThrow(/OIDC_ISSUER must use https/);
  });

  it('plain http in development only to this machine (the verifier refuses it to other hosts)', () => {
    expect(() => identitySettingsFromEnv({ ...OIDC, OIDC_JWKS_URL: 'http://keycloak:8080/certs' }, 'development')).toThrow(/OIDC_JWKS_URL must use https/);
    expect(identitySettingsFromEnv({ ...OIDC, OIDC_JWKS_URL: 'http://localhost:8080/certs' }, 'development').external?.jwksUrl).toBe('http://localhost:8080/certs');
  });
});

describe('roles and scopes (shared/API.md)', () => {
  it('maps each role exactly as the contract table', () => {
    expect([...scopesForRole('free-user')].sort()).toEqual(['courses:read', 'profile:read', 'profile:write']);
    expect([...scopesForRole('paid-individual')].sort()).toEqual(
      ['certificates:read', 'courses:enroll', 'courses:read', 'invoices:read', 'profile:read', 'profile:write'],
    );
    expect([...scopesForRole('admin')].sort()).toEqual([...ALL_SCOPES].sort());
    for (const scope of ['courses:write', 'courses:delete', 'users:read', 'users:write', 'import:write']) expect(scopesForRole('admin')).toContain(scope);
  });
});

describe('identity error codes', () => {
  const docs = readFileSync(new URL('../../../../docs/identity.md', import.meta.url), 'utf8');
  for (const code of Object.keys(PLATFORM_ERROR_CODES).filter((name) => name.startsWith('RAMPART_ERR_IDENTITY_'))) {
    it(`${code} is in the platform table and documented in docs/identity.md`, () => {
      const definition = (PLATFORM_ERROR_CODES as Readonly<Record<string, { status: number; error: string }>>)[code];
      expect(definition).toBeDefined();
      const row = docs.split('\n').find((line) => line.includes(`\`${code}\``));
      expect(row).toContain(`| ${definition?.status} |`);
      expect(row).toContain(`\`${definition?.error}\``);
    });
  }
});
