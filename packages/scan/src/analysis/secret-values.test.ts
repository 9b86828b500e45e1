import { describe, expect, it } from 'vitest';
import { isSecretName, knownSecretFormat, looksLikeSecretValue, uriPassword } from './secret-values.js';

describe('isSecretName', () => {
  it.each(['password', 'dbPassword', 'DB_PASS', 'JWT_SECRET', 'apiKey', 'API_KEY', 'apikey', 'stripeSecretKey', 'privateKey', 'clientSecret', 'accessToken', 'passphrase', 'encryptionKey'])('%s names a secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(['credentials', 'TOKEN_STRINGS', 'passwordField', 'tokenUrl', 'PASSWORD_MIN_LENGTH', 'resetPasswordRoute', 'tokenType', 'publicKey', 'key', 'passThrough', 'TOKEN_ENV', 'passwordHash', 'cacheKey', 'primaryKey', 'csrfToken'])('%s does not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('looksLikeSecretValue', () => {
  it.each(['admin123', 'keyboard cat', 'changeme', 'S3cr3t!2024', 'a_secure_key_for_crypto_here', 'b7f2c91d0e5a4f3e8c6d2a1b', 'wotp.shared__CHANGE_ME__', 's.flores9'])('%s looks real', (value) => {
    expect(looksLikeSecretValue(value)).toBe(true);
  });
  it.each(['', 'abc', 'Password', 'Enter your password', 'password is required', 'auth_token', 'x-api-key', 'JWT_SECRET', '/reset-password', 'auth.password.label', '********', '<your-api-key>', '${SECRET}', 'Bearer', 'application/json', 'Passwort', 'Contraseña', '密码', '[A-Za-z0-9._~+/-]+=*', '^Bearer\\s+(.+)$', 'varchar(255)', 'String!', 'required|min:8', 'Decider API key', 'API Key'])('%s does not', (value) => {
    expect(looksLikeSecretValue(value)).toBe(false);
  });
});

it('takes a bare word as the value when it is a fallback', () => {
  expect(looksLikeSecretValue('secret')).toBe(false);
  expect(looksLikeSecretValue('secret', true)).toBe(true);
  expect(looksLikeSecretValue('JWT_SECRET', true)).toBe(false);
  expect(looksLikeSecretValue('', true)).toBe(false);
});

describe('knownSecretFormat', () => {
  it('finds provider formats and skips documented examples', () => {
    expect(knownSecretFormat('AKIAQYLPMN5HHHFPZAM2')?.kind).toBe('an AWS access key id');
    expect(knownSecretFormat('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
    expect(knownSecretFormat('xoxb-123456789012-abcdefABCDEF')?.kind).toBe('a Slack token');
    expect(knownSecretFormat('-----BEGIN PRIVATE KEY-----\nMII')?.kind).toBe('a private key');
    expect(knownSecretFormat('-----BEGIN PUBLIC KEY-----\nMII')).toBeUndefined();
    expect(knownSecretFormat('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwicm9sZSI6ImFkbWluIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')?.kind).toBe('a signed JWT');
    expect(knownSecretFormat('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c')).toBeUndefined();
    // an unsigned JWT (alg none) carries no secret
    expect(knownSecretFormat('eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.')).toBeUndefined();
  });
});

describe('uriPassword', () => {
  it('finds literal passwords in URIs only', () => {
    expect(uriPassword('mongodb://nodegoat:owasp@widmore.mongohq.com:10000/nodegoat')).toBe('owasp');
    expect(uriPassword('postgres://app:${DB_PASSWORD}@db:5432/app')).toBeUndefined();
    expect(uriPassword('postgres://app:password@localhost/app')).toBeUndefined();
    expect(uriPassword('mongodb://localhost:27017/shop')).toBeUndefined();
    expect(uriPassword('amqp://guest:guest@localhost:5672')).toBeUndefined();
  });
});
