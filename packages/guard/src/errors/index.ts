export {
  GUARD_ERROR_CODES,
  defineErrorCodes,
  lookupErrorCode,
  registeredErrorCodes,
  ErrorCodeDefinitionError,
  type BuiltinErrorCode,
  type ErrorCode,
  type ErrorDefinition,
} from './registry.js';
export { GuardError, isGuardError, type GuardErrorOptions } from './guard-error.js';
export { classifyError, type ClassifiedError } from './classify.js';
export {
  sendError,
  createErrorHandler,
  createNotFoundHandler,
  createFrameworkErrorHandler,
  type ErrorBody,
  type ErrorResponseOptions,
} from './handler.js';
export { createClientErrorHandler } from './client-error.js';
export { validationDetail } from './validation-detail.js';
