// A request refused because an operator isolated the service (`rampart isolate read-only|closed`,
// isolation/). Not an outage: the service is up and refuses on purpose until isolation is lifted.
import { DomainError } from './domain-error.js';

export const ISOLATION_ERROR_CODES = ['ERR_SERVICE_ISOLATED'] as const;

export type IsolationErrorCode = (typeof ISOLATION_ERROR_CODES)[number];

/** How long a refused client should wait before trying again. */
export const ISOLATION_RETRY_AFTER_SECONDS = 30;

export class IsolationError extends DomainError<IsolationErrorCode> {
  override readonly name = 'IsolationError';

  constructor(mode: 'read-only' | 'closed') {
    super('ERR_SERVICE_ISOLATED', `the service is isolated (${mode})`, { retryAfterSeconds: ISOLATION_RETRY_AFTER_SECONDS });
  }
}
