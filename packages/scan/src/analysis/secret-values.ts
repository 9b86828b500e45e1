// What a secret looks like. Two questions: does a name say it holds a secret (`dbPassword`,
// `JWT_SECRET`, `stripeApiKey`), and does a string look like a real secret value rather than a
// label, a field name, an env var name, a route, an i18n key or a redaction mask. Plus the
// provider formats that are secrets wherever they appear (AWS, GitHub, Slack, Stripe, PEM keys, ...).
import { nameWords } from './names.js';

// not `credentials`: fetch's `credentials: 'include'` is the usual owner of that name
const SECRET_WORDS = new Set(['password', 'secret', 'token', 'apikey']);
// A name with one of these words is about a secret, not the secret itself: `passwordField`,
// `tokenUrl`, `SECRET_ENV_NAME`, `PASSWORD_MIN_LENGTH`, `resetPasswordRoute`.
const META_WORDS = new Set([
  'name', 'names', 'field', 'fields', 'label', 'placeholder', 'hint', 'type', 'types', 'url', 'uri', 'endpoint', 'path', 'route', 'header', 'headers',
  'param', 'params', 'query', 'column', 'col', 'attr', 'attribute', 'prop', 'selector', 'input', 'id', 'ids', 'length', 'len', 'min', 'max', 'size', 'regex', 'regexp', 'pattern',
  'policy', 'rule', 'rules', 'reset', 'forgot', 'forgotten', 'confirm', 'confirmation', 'expiry', 'expires', 'expiration', 'exp', 'ttl', 'timeout', 'age', 'lifetime', 'count', 'attempts',
  'strength', 'error', 'errors', 'message', 'msg', 'text', 'title', 'description', 'desc', 'prompt', 'env', 'var', 'variable', 'prefix', 'suffix', 'format', 'encoding', 'algorithm',
  'algorithms', 'alg', 'hash', 'hashed', 'digest', 'salt', 'rounds', 'cost', 'storage', 'location', 'file', 'filename', 'dir', 'template', 'mode', 'kind', 'status', 'state',
  'scope', 'scopes', 'audience', 'issuer', 'provider', 'strategy', 'version', 'required', 'valid', 'invalid', 'changed', 'change', 'update', 'updated', 'sent', 'link', 'event',
  'action', 'key_name', 'icon', 'class', 'style', 'visible', 'show', 'hide', 'toggle', 'enabled', 'disabled', 'limit', 'lookup', 'source', 'location', 'schema', 'dto', 'validator',
  'index', 'expected', 'cache', 'tokenizer', 'tokens', 'passwords', 'secrets', 'manager', 'service', 'store', 'repository', 'repo', 'table', 'collection', 'model',
  'entity', 'generator', 'handler', 'middleware', 'guard', 'interceptor', 'strategy', 'options', 'config', 'settings', 'bucket', 'queue', 'channel', 'topic', 'keys', 'ref', 'path',
  'strings', 'chars', 'charset', 'alphabet', 'chars', 'mask', 'masked', 'redacted', 'example', 'sample', 'mock', 'fake', 'dummy', 'test', 'public', 'csrf', 'xsrf', 'next', 'page', 'cursor', 'pagination', 'continuation',
]);

/**
 * How surely a name holds a secret value (not a name, length, route, ... of one): 'strong' for
 * passwords, secrets and API/private keys; 'token' when `token` is the only clue, since lexers and
 * date formatters have tokens too (`this.token === 'function'`); undefined otherwise.
 */
export function secretNameStrength(name: string): 'strong' | 'token' | undefined {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  if (words.some((word) => META_WORDS.has(word))) return undefined;
  const last = words[words.length - 1];
  // `dbPass`, `SMTP_PASS`; a bare `PASS` is as often a test status as a password (see isBarePass)
  if ((last === 'pass' || last === 'pw') && words.length > 1) return 'strong';
  if (words.some((word) => SECRET_WORDS.has(word) && word !== 'token')) return 'strong';
  // key only as a secret key: apiKey, privateKey, secretKey, accessKey, encryptionKey, signingKey, hmacKey, jwtKey
  if (last === 'key' || last === 'keys') {
    const before = words[words.length - 2];
    if (before !== undefined && ['api', 'private', 'secret', 'access', 'encryption', 'signing', 'sign', 'hmac', 'jwt', 'crypto', 'cipher', 'master', 'session', 'auth', 'app'].includes(before)) return 'strong';
  }
  if (words.includes('token')) return 'token';
  return undefined;
}

export function isSecretName(name: string): boolean {
  return secretNameStrength(name) !== undefined;
}

/** A generated-looking value: letters and digits mixed, or a long high-entropy string. */
export function looksGenerated(value: string): boolean {
  return (value.length >= 8 && /\d/.test(value) && /[a-z]/i.test(value) && !/\s/.test(value)) || isHighEntropy(value);
}

const WORDISH_VALUES = new Set([
  'true', 'false', 'null', 'undefined', 'none', 'required', 'optional', 'hidden', 'text', 'string', 'number', 'boolean', 'bearer', 'basic', 'jwt', 'hex', 'base64',
  'base64url', 'utf8', 'utf-8', 'binary', 'ascii', 'latin1', 'sha1', 'sha256', 'sha512', 'md5', 'hs256', 'hs384', 'hs512', 'rs256', 'es256', 'aes', 'local', 'session',
  'cookie', 'header', 'body', 'query', 'env', 'default', 'secret', 'password', 'token', 'key', 'user', 'username', 'email', 'new', 'old', 'current', 'oauth', 'oauth2',
  'api', 'apikey', 'access', 'refresh', 'id', 'client', 'pass', 'fail', 'passed', 'failed', 'skip', 'ok',
  // stand-ins that no reviewer would call a leaked credential
  'demo', 'test', 'testing', 'sample', 'foo', 'bar', 'foobar', 'dummy', 'fake', 'mock', 'todo', 'tbd', 'none',
]);

/** `pass` on its own: a password only next to a user name (`auth: { user, pass }`, nodemailer's shape). */
export function isBarePass(name: string): boolean {
  return /^(?:pass|pw)$/i.test(name);
}

/** Strings that only fill a slot and never run: redaction masks and template markers. */
export function isMask(value: string): boolean {
  if (/^[*xX•.#?_-]+$/.test(value)) return true;
  if (/^<[^<>]+>$/.test(value) || /^\[[^[\]]+\]$/.test(value)) return true;
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}|%[sd]/.test(value)) return true;
  return false;
}

/**
 * Whether a string assigned to a secret-named slot looks like a real secret value. Not: empty or
 * short strings, masks, sentences and labels (`Enter your password`), identifiers naming the slot
 * (`password`, `auth_token`, `x-api-key`), env var names (`JWT_SECRET`), routes and URLs,
 * dotted i18n keys, MIME types.
 */
export function looksLikeSecretValue(value: string, fallback = false, wordsAllowed = false): boolean {
  const trimmed = value.trim();
  // `process.env.JWT_SECRET || 'secret'`: in a fallback a bare word is the value the app runs with
  if (fallback && trimmed.length >= 4 && trimmed === value && !isMask(trimmed) && !/^(?:true|false|null|undefined|none)$/i.test(trimmed) && !/^(?:\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(trimmed) && !/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(trimmed)) return true;
  if (trimmed.length < 4 || trimmed !== value) return false;
  // control characters: ANSI colours, separators
  // and non-ASCII text, which is a translated label far more often than a password
  if ([...trimmed].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) > 0x7e)) return false;
  // one capitalised word: a label ('Passwort', 'Secret')
  if (/^[A-Z][a-z]+$/.test(trimmed)) return false;
  if (isMask(trimmed)) return false;
  if (WORDISH_VALUES.has(trimmed.toLowerCase())) return false;
  if (/^(?:\/|\.\/|\.\.\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(trimmed)) return false;
  // a sentence or label: several words, or words with punctuation
  if (/\s/.test(trimmed)) {
    const words = trimmed.split(/\s+/);
    if (words.length > 3 || /[.!?:,;]$/.test(trimmed) || /^[A-Z][a-z]+(?:\s[a-zA-Z][a-z]+)*$/.test(trimmed)) return false;
    if (words.some((word) => SECRET_WORDS.has(word.toLowerCase()) || /^(?:your|enter|new|old|the|a|is|invalid|wrong|confirm|must|please|key|api|pin|code|id|pass|passwords?|secrets?|tokens?)$/i.test(word))) return false;
  }
  // an env var name or constant name: JWT_SECRET, DB_PASSWORD
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(trimmed)) return false;
  // a dotted i18n / config key: auth.password.label
  if (/^[a-z][\w-]*(?:\.[a-z][\w-]*)+$/i.test(trimmed) && !/\d/.test(trimmed) && !isPlaceholderLike(trimmed)) return false;
  // an identifier naming a secret: auth_token, x-api-key, passwordHash, access-token
  // (a longer one, `a_secure_key_for_crypto_here`, is a placeholder that runs as the secret)
  // (unless the slot is plainly a secret: `secret: 'secretKey'` is NestJS's sample JWT secret)
  if (!wordsAllowed && /^[A-Za-z][A-Za-z-_]*$/.test(trimmed) && !isPlaceholderLike(trimmed)) {
    const words = nameWords(trimmed);
    if (words.length <= 3 && words.some((word) => SECRET_WORDS.has(word) || word === 'key' || word === 'auth' || word === 'jwt')) return false;
  }
  // a regular expression source: [A-Za-z0-9._~+/-]+=*, ^Bearer\s+
  if (/\[[^\]]*\w-\w[^\]]*\]|\\[dwsbDWS]|^\^|[^\\]\$$|\(\?[:=!]/.test(trimmed)) return false;
  // a column or schema type: 'varchar(255)', GraphQL 'String!'; a validation rule: 'required|min:8'
  if (/^(?:varchar|char|text|string|int|integer|bigint|uuid|json|jsonb|bytea|blob|binary|timestamp|date|datetime|boolean|bool|number|float|double|decimal)(?:\(\d+(?:,\s*\d+)?\))?$/i.test(trimmed)) return false;
  if (/^\[?[A-Z][A-Za-z]*!?\]?!?$/.test(trimmed) && /[!\]]/.test(trimmed)) return false;
  if (/(?:^|\|)(?:required|nullable|sometimes|confirmed|string|min:\d+|max:\d+)(?:\||$)/.test(trimmed) && /[|:]/.test(trimmed)) return false;
  // a MIME type or an HTML input type
  if (/^[a-z]+\/[a-z0-9.+-]+$/i.test(trimmed)) return false;
  return true;
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A long random-looking string (a generated key), as opposed to a chosen word. */
export function isHighEntropy(value: string): boolean {
  // generated keys (hex, base64, base62) practically always contain a digit; camel-case names do not
  return value.length >= 16 && !/\s/.test(value) && /\d/.test(value) && entropy(value) >= 3.5;
}

/** Placeholders that still end up as the running value (`changeme`, `your-secret-here`). */
export function isPlaceholderLike(value: string): boolean {
  return /change[_-]?me|change[_-]?this|replace[_-]?me|your[_-]|[_-]here$|^todo|^fixme|example|placeholder|^dummy|^default[_-]?secret|^secret$/i.test(value);
}

export interface KnownSecret {
  readonly kind: string;
}

// Provider formats with enough fixed structure that a match is a credential, wherever it appears.
const KNOWN_FORMATS: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{60,}/ },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[0-9A-Za-z-]{10,}/ },
  { kind: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
  { kind: 'a Stripe secret key', pattern: /\b[sr]k_live_[0-9A-Za-z]{16,}/ },
  { kind: 'a private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'a SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { kind: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'a signed JWT', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/ },
];

/** The provider format a string contains, unless it is a documented example value. */
export function knownSecretFormat(value: string): KnownSecret | undefined {
  for (const format of KNOWN_FORMATS) {
    const match = format.pattern.exec(value);
    if (match === null) continue;
    if (/EXAMPLE|XXXXXXXX|0{16}|1234567890abcdef/i.test(match[0])) continue;
    // jwt.io's sample token (sub "1234567890", "John Doe"): documentation, not a credential
    if (format.kind === 'a signed JWT' && /eyJzdWIiOiIxMjM0NTY3ODkwI|SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c/.test(match[0])) continue;
    return { kind: format.kind };
  }
  return undefined;
}

/** `Bearer <token>` / `Basic <base64>` written into an Authorization header value. */
export function isLiteralAuthorization(value: string): boolean {
  const match = /^(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{12,})$/.exec(value);
  return match !== null && !isMask(match[1] ?? '') && !isPlaceholderLike(match[1] ?? '');
}

/** `scheme://user:password@host` with a literal password; the password part, or undefined. */
export function uriPassword(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^:/@\s]+):([^@\s/]+)@([^\s:/?#]+)/i.exec(value);
  const password = match?.[2];
  // postgres://postgres:postgres@localhost, amqp://guest:guest@localhost: local development defaults
  if (/^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i.test(match?.[3] ?? '')) return undefined;
  if (password === undefined || isMask(password) || /^[$:%]|^(?:password|pass|pwd|secret)$/i.test(password)) return undefined;
  return password;
}
