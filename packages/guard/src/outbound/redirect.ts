// One redirect hop by hand (fetch runs with redirect: 'manual' so that every hop is checked
// before a connection). Method and body follow the Fetch standard; credentials headers are
// dropped when the origin changes, as fetch's own redirect handling does.
import { SafeFetchError } from './errors.js';

/** The init a hop is sent with (the global fetch types, as SafeFetchInit). */
type HopInit = Omit<RequestInit, 'dispatcher' | 'redirect'>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CROSS_ORIGIN_DROPPED = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

function replayable(body: HopInit['body']): boolean {
  if (body === undefined || body === null || typeof body === 'string') return true;
  return !(typeof body === 'object' && (Symbol.asyncIterator in body || 'getReader' in body));
}

/** The request init of the next hop from `from` to `to` after a `status` redirect. */
export function redirectedInit(init: HopInit, status: number, from: URL, to: URL): HopInit {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (to.origin !== from.origin) CROSS_ORIGIN_DROPPED.forEach((name) => headers.delete(name));
  if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
    BODY_HEADERS.forEach((name) => headers.delete(name));
    return { ...init, method: method === 'HEAD' ? 'HEAD' : 'GET', body: null, headers };
  }
  if (!replayable(init.body)) throw new SafeFetchError('redirect_refused', `a ${status} redirect would resend a streamed body, which cannot be replayed`);
  return { ...init, headers };
}
