// The counter key of a key function's output: namespaced by class (`<class>|f:` / `<class>|k:`,
// so classes never share counters) and always hashed, so that its length is bounded (43
// characters) whatever the function returns, and no email address or token is written to the
// store in clear.
import { createHash } from 'node:crypto';

export function keyDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** A key function that threw or returned something else than a string: a programming error of
 * the application, answered 500 with a reference id (the cause is logged), never a crash. */
export function keyFunctionError(setting: string, cause: unknown): Error {
  return new Error(`${setting} threw or did not return a string`, { cause });
}
