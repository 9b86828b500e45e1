// Password rules of NIST SP 800-63B-4 (§3.1.1.2) as the contract states them: 15..128
// characters counted in Unicode code points, no composition rules, no trimming or case folding,
// and no password from the common-password list. Returns a reason code, never the password.
import { isCommonPassword } from './common-passwords.js';

export const PASSWORD_MIN_CODE_POINTS = 15;
export const PASSWORD_MAX_CODE_POINTS = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'malformed' | 'common';

/** Length in code points: an emoji is one character, not two UTF-16 units. */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/** Lone UTF-16 surrogates cannot be encoded as UTF-8: two different inputs would hash alike. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Unicode normalisation (NFKC, as SP 800-63B recommends) so that the same visible password
 * typed on different keyboards verifies; no trimming, no case folding. The hasher hashes this
 * form, so every rule below is applied to it too. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

export function checkPassword(password: string, contextWords: readonly string[] = []): PasswordProblem | undefined {
  // Bound the work before normalising or counting: a multi-megabyte string is rejected on its UTF-16 length.
  if (password.length > PASSWORD_MAX_CODE_POINTS * 2) return 'too_long';
  if (LONE_SURROGATE.test(password) || password.includes('\u0000')) return 'malformed';
  // The rules judge what is hashed: `ｐａｓｓｗｏｒｄ１２３４５６７` is `password1234567`, and
  // 16 code points can shrink to 8 (or grow) under NFKC.
  const normalised = normalisePassword(password);
  const length = codePointLength(normalised);
  if (length < PASSWORD_MIN_CODE_POINTS) return 'too_short';
  if (length > PASSWORD_MAX_CODE_POINTS) return 'too_long';
  if (isCommonPassword(normalised, contextWords)) return 'common';
  return undefined;
}

/** Human text for a problem (safe to return to a client: it never echoes the input). */
export function describePasswordProblem(problem: PasswordProblem): string {
  switch (problem) {
    case 'too_short':
      return `The password must be at least ${PASSWORD_MIN_CODE_POINTS} characters long.`;
    case 'too_long':
      return `The password must be at most ${PASSWORD_MAX_CODE_POINTS} characters long.`;
    case 'malformed':
      return 'The password contains characters that cannot be stored.';
    case 'common':
      return 'The password is too common or easy to guess; choose another one.';
  }
}
