// The one error type the lockfile readers throw. The CLI turns any LockfileError into exit code 2
// and prints its message, so every message names the file and says what is wrong with it.

export type LockfileErrorCode = 'not-found' | 'unsupported' | 'malformed' | 'manifest';

export class LockfileError extends Error {
  override readonly name = 'LockfileError';
  constructor(
    readonly code: LockfileErrorCode,
    /** The file the problem is in (lockfile, package.json or the folder searched). */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}
