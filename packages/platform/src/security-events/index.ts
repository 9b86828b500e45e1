// Security events: names (OWASP Logging Vocabulary), the emitter, its metric, the HTTP edge
// and the read side used by `rampart events`.
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
export { registerSecurityEventContext, guardSecurityEventRecorder } from './http-edge.js';
export { runInRequestContext, currentRequestContext, type RequestContext } from './request-context.js';
