// Typed errors for bad advisory data. The CLI maps them to its "bad input" exit code; nothing in
// advisories/ lets a raw SyntaxError or TypeError escape for input it reads.

/** A database file, folder, zip entry or cache file that cannot be read or has the wrong shape. */
export class AdvisoryDataError extends Error {
  /** The file (or `zip!entry`, or `file:line`) the problem is in. */
  readonly file: string;
  /** What is wrong, without the file name. */
  readonly problem: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.name = 'AdvisoryDataError';
    this.file = file;
    this.problem = problem;
  }
}
