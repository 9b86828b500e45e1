// Email addresses: compared and stored lower-cased and trimmed (one address, one account).
// The check is deliberately simple (RFC 5321 lengths, one @, a dot in the domain, no spaces or
// control characters); ownership is what a reset mail proves, not the syntax.
const EMAIL = /^[^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 320) return undefined;
  const email = value.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : undefined;
}
