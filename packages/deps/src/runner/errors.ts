// The runner's own failure: no advisory data at all (exit 3). Lockfile, database and config
// errors keep their own types (LockfileError, AdvisoryDataError, ConfigError): the CLI maps them.

export class NoDatabaseError extends Error {
  readonly code = 'no-database';
  constructor(message: string) {
    super(message);
    this.name = 'NoDatabaseError';
  }
}

export const HOW_TO_GET_A_DATABASE =
  'get one with `rampart deps db import PATH` (e.g. OSV\'s npm export: https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip), ' +
  'or pass --db PATH, or use --online; the snapshot shipped with rampart is used unless --no-shipped-db';

/** Errors that are the user's input (exit 2), recognised by name so that the CLI needs no import of every module. */
export const INPUT_ERROR_NAMES: ReadonlySet<string> = new Set(['LockfileError', 'AdvisoryDataError', 'ConfigError']);
