// The error handlers' options from a resolved policy: security headers, request-id header, the
// code table of this registration and the application's renderer.
import { securityHeaders } from '../headers/index.js';
import type { GuardPolicy } from '../policy/types.js';
import { errorCodeLookup } from './code-table.js';
import type { ErrorResponseOptions } from './handler.js';

export function errorResponseOptions(policy: GuardPolicy): ErrorResponseOptions {
  return {
    headers: securityHeaders(policy),
    requestIdHeader: policy.requestId.header,
    codes: errorCodeLookup(policy.errors.codes),
    ...(policy.errors.render ? { render: policy.errors.render } : {}),
    ...(policy.events.onSecurityEvent ? { onSecurityEvent: policy.events.onSecurityEvent } : {}),
  };
}
