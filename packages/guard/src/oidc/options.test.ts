// oidcVerifier refuses unsafe or malformed options at construction, naming each problem.
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../policy/policy-error.js';
import { oidcVerifier } from './index.js';
import type { OidcVerifierOptions } from './options.js';

const base = { issuer: 'https://idp.example.com/realms/rampart', audience: 'rampart-api' } as const;

function problems(options: Partial<OidcVerifierOptions> & Record<string, unknown>): string[] {
  try {
    oidcVerifier({ ...base, ...options } as OidcVerifierOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).code).toBe('RAMPART_ERR_POLICY_INVALID');
    return (error as PolicyError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe('oidcVerifier options', () => {
  it('accepts the minimal options and defaults to asymmetric algorithms', () => {
    expect(problems({})).toEqual([]);
    expect(oidcVerifier(base).issuer).toBe(base.issuer);
  });

  for (const alg of ['none', 'NONE', 'HS256', 'HS384', 'HS512', 'hs256']) {
    it(`refuses "${alg}" in the allow list with a reason`, () => {
      const found = problems({ algorithms: [alg] as never });
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`oidc.algorithms: "${alg}" is refused`);
      expect(found[0]).toContain('asymmetric');
    });
  }

  it('refuses an empty or unknown allow list', () => {
    expect(problems({ algorithms: [] })[0]).toContain('at least one');
    expect(problems({ algorithms: ['RSA-OAEP'] as never })[0]).toContain('is not one of');
  });

  it('refuses plain http to a remote provider, and credentials in URLs', () => {
    expect(problems({ issuer: 'http://idp.example.com/realms/r' })[0]).toContain('oidc.issuer: must use https');
    expect(problems({ jwksUri: 'http://idp.example.com/certs' })[0]).toContain('oidc.jwksUri: must use https');
    expect(problems({ jwksUri: 'https://user:pw@idp.example.com/certs' })[0]).toContain('no credentials');
    expect(problems({ issuer: 'http://127.0.0.1:8080/realms/r' })).toEqual([]);
    expect(problems({ issuer: 'not a url' })[0]).toContain('oidc.issuer: must be an absolute URL');
  });

  it('an issuer that is not a URL is fine when the JWKS URL is configured', () => {
    expect(problems({ issuer: 'urn:example:idp', jwksUri: 'https://idp.example.com/certs' })).toEqual([]);
  });

  it('bounds the clock tolerance and the timings', () => {
    expect(problems({ clockToleranceSeconds: 3600 })[0]).toContain('oidc.clockToleranceSeconds: must be an integer from 0 to 60');
    expect(problems({ clockToleranceSeconds: -1 })).toHaveLength(1);
    expect(problems({ timeoutMs: 120_000 })[0]).toContain('oidc.timeoutMs');
    expect(problems({ jwksCooldownMs: 0 })[0]).toContain('oidc.jwksCooldownMs');
    expect(problems({ maxResponseBytes: 10 })[0]).toContain('oidc.maxResponseBytes');
  });

  it('names every problem at once', () => {
    expect(problems({ issuer: '', audience: [], algorithms: ['none'] as never, typ: '' }).map((p) => p.split(':')[0])).toEqual([
      'oidc.issuer',
      'oidc.audience',
      'oidc.algorithms',
      'oidc.typ',
    ]);
  });
});
