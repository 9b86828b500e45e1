// Where HTTP meets the security events: guard's refusals (events.onSecurityEvent) become events.
// (The request id and client address of events recorded by the operations reach them as an
// explicit RequestOrigin, built by the routes: routes/origin.ts.)
import type { GuardSecurityEvent } from '@rampart/guard';
import type { SecurityEvents } from './security-events.js';

/** guard's `events.onSecurityEvent` for the platform: the refusal stored as its event. */
export function guardSecurityEventRecorder(events: SecurityEvents): (event: GuardSecurityEvent) => void {
  return (event) => {
    events.recordInBackground(event.event, {
      userId: event.subject ?? null,
      requestId: event.requestId,
      client: event.client,
      detail: { method: event.method, route: event.route, status: event.status, code: event.code },
    });
  };
}
