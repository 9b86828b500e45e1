// Login, registration and password-reset operations found in the document: the flows an
// attacker automates (credential stuffing, mass sign-up, reset flooding), fed to the
// rate-limit check.
import { isAllowed } from './safety.js';
import type { ApiSurface } from './types.js';

export type FlowKind = 'login' | 'registration' | 'password reset';

const PATTERNS: readonly (readonly [FlowKind, RegExp])[] = [
  ['password reset', /\/(?:password-?reset|reset-?password|forgot-?password|password\/(?:reset|forgot))(?:\/request)?$/i],
  ['login', /\/(?:log-?in|sign-?in|sessions?|authenticate)$/i],
  ['registration', /\/(?:register|registration|sign-?up|users\/new)$/i],
];

export interface Flow {
  readonly kind: FlowKind;
  readonly path: string;
}

/** POST operations without path parameters whose path names one of the flows; a registration
 * burst creates accounts, so it is listed only with --active. */
export function sensitiveFlows(surface: ApiSurface): Flow[] {
  const flows: Flow[] = [];
  for (const operation of surface.operations) {
    if (operation.method !== 'POST' || operation.path.includes('{')) continue;
    const kind = PATTERNS.find(([, pattern]) => pattern.test(operation.path))?.[0];
    if (kind === undefined || flows.some((flow) => flow.kind === kind)) continue;
    if (kind === 'registration' && !isAllowed(operation, surface)) continue;
    flows.push({ kind, path: operation.path });
  }
  return flows;
}

export const loginOperationPath = (surface: ApiSurface): string | undefined => sensitiveFlows(surface).find((flow) => flow.kind === 'login')?.path;
