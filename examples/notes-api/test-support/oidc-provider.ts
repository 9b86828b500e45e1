// The OIDC provider of the test: the shared local IdP (discovery, JWKS, ES256 keys), and access
// tokens for the notes service.
import { startLocalIdp } from '../../../test-support/local-idp.js';

export interface TestProvider {
  readonly issuer: string;
  readonly audience: string;
  /** An access token for `subject` with the given scopes (valid for five minutes). */
  token(subject: string, scopes: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startOidcProvider(audience = 'notes-api'): Promise<TestProvider> {
  const idp = await startLocalIdp();
  await idp.addKey('ES256');
  return {
    issuer: idp.issuer,
    audience,
    token: (subject, scopes) => {
      const now = Math.floor(Date.now() / 1000);
      return idp.sign({ iss: idp.issuer, aud: audience, sub: subject, scope: scopes.join(' '), iat: now, exp: now + 300, jti: crypto.randomUUID() });
    },
    close: () => idp.close(),
  };
}
