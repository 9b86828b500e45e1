// The security event names: the OWASP Logging Vocabulary's (cheatsheetseries.owasp.org,
// "Application Logging Vocabulary Cheat Sheet"), each with the log level it is written at.
// The list is closed: it bounds the metric's `event` label and what `rampart events --type` takes.
export const SECURITY_EVENT_LEVELS = {
  authn_login_success: 'info',
  authn_login_fail: 'warn',
  authn_login_lock: 'warn',
  authn_token_created: 'info',
  authn_token_reuse: 'warn',
  authn_password_change: 'info',
  authz_fail: 'warn',
  malicious_direct_reference: 'warn',
  input_validation_fail: 'warn',
  malicious_cors: 'warn',
  excess_rate_limit_exceeded: 'warn',
  session_created: 'info',
  session_revoked: 'info',
  user_created: 'info',
  user_updated: 'info',
  privilege_changed: 'warn',
  sys_admin_action: 'warn',
} as const;

export type SecurityEventName = keyof typeof SECURITY_EVENT_LEVELS;
export type SecurityEventLevel = (typeof SECURITY_EVENT_LEVELS)[SecurityEventName];

export const SECURITY_EVENT_NAMES: readonly SecurityEventName[] = Object.freeze(Object.keys(SECURITY_EVENT_LEVELS) as SecurityEventName[]);

export function isSecurityEventName(value: string): value is SecurityEventName {
  return Object.hasOwn(SECURITY_EVENT_LEVELS, value);
}
