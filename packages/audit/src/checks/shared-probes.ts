// Probes that several checks grade (headers, banners, error-leakage), sent once per audit:
// memoised per context, so the request budget pays for each only once.
import type { AuditContext, ProbeResponse } from './types.js';

const malformedJson = new WeakMap<AuditContext, Promise<ProbeResponse>>();

/** POST of a truncated JSON body to the target: the cheapest way to see an error response. */
export function malformedJsonResponse(context: AuditContext): Promise<ProbeResponse> {
  let pending = malformedJson.get(context);
  if (pending === undefined) {
    pending = context.probe({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rampart-audit": ' });
    malformedJson.set(context, pending);
  }
  return pending;
}
