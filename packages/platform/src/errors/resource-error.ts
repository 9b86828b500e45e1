// Refusals of the resource layer (courses, enrollments, certificates, invoices, profiles).
// An object that does not exist and one that belongs to someone else are the same code, so
// that nobody learns which ids exist.
import { DomainError, type DomainErrorOptions } from './domain-error.js';

export const RESOURCE_ERROR_CODES = [
  'ERR_RESOURCE_NOT_FOUND',
  /** A non-public operation reached without a verified caller (never expected: guard checks first). */
  'ERR_RESOURCE_UNAUTHENTICATED',
] as const;

export type ResourceErrorCode = (typeof RESOURCE_ERROR_CODES)[number];

export class ResourceError extends DomainError<ResourceErrorCode> {
  override readonly name = 'ResourceError';

  constructor(code: ResourceErrorCode, options?: DomainErrorOptions) {
    super(code, code === 'ERR_RESOURCE_NOT_FOUND' ? 'no such object for this caller' : 'no verified caller', options);
  }
}
