export { ISOLATION_MODES, isIsolationMode, isolationRefuses, type IsolationMode } from './mode.js';
export { IsolationState, type IsolationReader, type IsolationSwitch } from './state.js';
export { isolationHook } from './http-hook.js';
export { registerIsolationMetrics } from './metrics.js';
export { readIsolationMode, writeIsolationMode } from './store.js';
