export { GUARD_ERROR_CODES, type BuiltinErrorCode, type ErrorDefinition } from './registry.js';
export {
  defineErrorCodes,
  errorCodeLookup,
  errorCodeTableProblems,
  BUILTIN_ERROR_CODES,
  ErrorCodeDefinitionError,
  type ErrorCodeRef,
  type ErrorCodeTable,
  type DefinedErrorCodes,
  type ErrorCodeOf,
} from './code-table.js';
export { GuardError, isGuardError, type GuardErrorOptions, type GuardErrorCode } from './guard-error.js';
export { classifyError, type ClassifiedError } from './classify.js';
export { applyRenderer, type ErrorRenderer, type ErrorRenderInput, type RenderedError } from './render.js';
export {
  sendError,
  createErrorHandler,
  createNotFoundHandler,
  createFrameworkErrorHandler,
  type ErrorBody,
  type ErrorResponseOptions,
} from './handler.js';
export { createClientErrorHandler } from './client-error.js';
export { HandlerOwnershipError, claimErrorHandlers } from './handler-ownership.js';
export { validationDetail, validationProblems, type ValidationProblem } from './validation-detail.js';
