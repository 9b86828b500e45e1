// The three isolation modes of `rampart isolate`: `off` (normal service), `read-only` (writes are
// refused, reads work) and `closed` (everything but /health, /metrics and the control socket is
// refused). Pure: which request a mode refuses.

export const ISOLATION_MODES = ['off', 'read-only', 'closed'] as const;

export type IsolationMode = (typeof ISOLATION_MODES)[number];

export function isIsolationMode(value: unknown): value is IsolationMode {
  return typeof value === 'string' && (ISOLATION_MODES as readonly string[]).includes(value);
}

/** Methods that change nothing: read-only isolation lets them through. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What operators and load balancers need while the service is closed. */
const ALWAYS_OPEN_PATHS = new Set(['/health', '/metrics']);

/** True when `mode` refuses a request of `method` to `path` (the path without its query). */
export function isolationRefuses(mode: IsolationMode, method: string, path: string): boolean {
  if (mode === 'off' || ALWAYS_OPEN_PATHS.has(path)) return false;
  if (mode === 'closed') return true;
  return !READING_METHODS.has(method.toUpperCase());
}
