// Security events: names (OWASP Logging Vocabulary), the emitter, its metric, the request
// origin events carry, the HTTP edge and the read side used by `rampart events`.
export { SECURITY_EVENT_NAMES, SECURITY_EVENT_LEVELS, isSecurityEventName, type SecurityEventName, type SecurityEventLevel } from './names.js';
export {
  SecurityEvents,
  type SecurityEvent,
  type SecurityEventFields,
  type SecurityEventSink,
  type SecurityEventsOptions,
  type EventDetail,
  type EventLogger,
} from './security-events.js';
export { registerSecurityEventMetrics, SECURITY_EVENTS_METRIC } from './metrics.js';
export { listSecurityEvents, MAX_EVENTS, type EventQuery, type StoredEvent } from './query.js';
export { guardSecurityEventRecorder } from './http-edge.js';
export type { RequestOrigin } from './origin.js';
