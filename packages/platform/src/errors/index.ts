// The platform's domain errors. Business code (identity, resources, shared state, the database
// layer) throws these; the edges map them: http-mapping.ts (the one table where errors become
// HTTP) and cli-messages.ts (CLI and control socket).
export { DomainError, type DomainErrorOptions } from './domain-error.js';
export { IdentityError, IDENTITY_ERROR_CODES, type IdentityErrorCode } from './identity-error.js';
export { OperatorError, OPERATOR_ERROR_CODES, type OperatorErrorCode } from './operator-error.js';
export { ResourceError, RESOURCE_ERROR_CODES, type ResourceErrorCode } from './resource-error.js';
export { ImportError, IMPORT_ERROR_CODES, type ImportErrorCode } from './import-error.js';
export { StorageUnavailableError, STORAGE_ERROR_CODES, type StorageErrorCode } from './storage-unavailable.js';
export { IsolationError, ISOLATION_ERROR_CODES, type IsolationErrorCode } from './isolation-error.js';
