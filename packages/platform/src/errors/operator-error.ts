// Refusals of the operator actions (`rampart users ...`, identity/admin.ts). Only the CLI and the
// control socket raise and show these; no HTTP route runs an operator action.
import { DomainError, messageOfCode, type DomainErrorOptions } from './domain-error.js';

export const OPERATOR_ERROR_CODES = [
  'ERR_OPERATOR_UNKNOWN_ROLE',
  'ERR_OPERATOR_EMAIL_TAKEN',
  'ERR_OPERATOR_NO_SUCH_USER',
  'ERR_OPERATOR_NO_MFA',
] as const;

export type OperatorErrorCode = (typeof OPERATOR_ERROR_CODES)[number];

export class OperatorError extends DomainError<OperatorErrorCode> {
  override readonly name = 'OperatorError';

  constructor(code: OperatorErrorCode, options?: DomainErrorOptions) {
    super(code, messageOfCode(code, 'ERR_OPERATOR_'), options);
  }
}
