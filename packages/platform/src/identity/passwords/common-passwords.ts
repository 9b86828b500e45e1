// The common-password block list: the 49,233-entry `passwords-common` dictionary shipped by
// @zxcvbn-ts/language-common (compiled by the zxcvbn-ts project from public breach corpora
// and frequency lists). Loaded once, compared case-insensitively.
import { dictionary } from '@zxcvbn-ts/language-common';

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  dictionary['passwords-common'].map((entry) => entry.toLowerCase()),
);

/** Number of distinct entries in the block list (documented; tested to be >= 10,000). */
export const COMMON_PASSWORD_COUNT = COMMON_PASSWORDS.size;

/** Words that are weak in this service's context (NIST SP 800-63B-4 §3.1.1.2). */
const CONTEXT_WORDS = ['rampart'];

/**
 * True when the password is on the list, or is only a repetition of a listed entry or of one
 * character ("passwordpasswordpassword", "aaaaaaaaaaaaaaaa"), or two listed entries glued
 * together ("password1234567"), or is a context word padded with a listed entry.
 */
export function isCommonPassword(password: string, contextWords: readonly string[] = []): boolean {
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return true;
  if (isRepetition(lowered)) return true;
  if (isPairOfCommon(lowered)) return true;
  for (const word of [...CONTEXT_WORDS, ...contextWords]) {
    const w = word.toLowerCase();
    if (w.length < 3 || !lowered.includes(w)) continue;
    const rest = lowered.split(w).join('');
    if (rest.length === 0 || COMMON_PASSWORDS.has(rest) || /^[0-9!@#$%^&*._-]*$/.test(rest)) return true;
  }
  return false;
}

/** "password1234567", "dragonmonkey123": two listed entries glued together. */
function isPairOfCommon(value: string): boolean {
  for (let cut = 3; cut <= value.length - 3; cut += 1) {
    if (COMMON_PASSWORDS.has(value.slice(0, cut)) && COMMON_PASSWORDS.has(value.slice(cut))) return true;
  }
  return false;
}

/** "abcabcabc" -> true when the repeated unit is one character or a common password. */
function isRepetition(value: string): boolean {
  const codePoints = [...value];
  for (let unit = 1; unit <= codePoints.length / 2; unit += 1) {
    if (codePoints.length % unit !== 0) continue;
    const head = codePoints.slice(0, unit).join('');
    if (head.repeat(codePoints.length / unit) !== value) continue;
    if (unit === 1 || COMMON_PASSWORDS.has(head)) return true;
  }
  return false;
}
