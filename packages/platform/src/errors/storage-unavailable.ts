// A storage outage: the database or the shared state (Redis) cannot be reached right now. Its own
// class everywhere, so that no caller has to guess an outage from a status code or mistake it for
// a refusal (an unreachable revocation store is not an invalid token, nor a rate limit).
import { DomainError, type DomainErrorOptions } from './domain-error.js';

export const STORAGE_ERROR_CODES = ['ERR_DATABASE_UNAVAILABLE', 'ERR_SHARED_STATE_UNAVAILABLE'] as const;

export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];

export class StorageUnavailableError extends DomainError<StorageErrorCode> {
  override readonly name = 'StorageUnavailableError';

  constructor(code: StorageErrorCode, options?: DomainErrorOptions) {
    super(code, code === 'ERR_DATABASE_UNAVAILABLE' ? 'the database cannot be reached' : 'the shared state (Redis) cannot be reached', options);
  }
}
