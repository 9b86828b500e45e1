// Cross-site request protection for the cookie-authenticated identity calls (refresh with the
// `__Host-refresh` cookie, logout that revokes it). Three layers, any one of which stops a
// forged request: the cookie is SameSite=Strict; the call must carry `Rampart-CSRF: 1`, which
// a cross-site page cannot add without a CORS preflight (refused: the platform allows no
// foreign origin unless configured); and a browser's `Origin` must be the platform's own (its
// Host) or on the CORS allow list. A request without `Origin` comes from no browser (browsers
// send it on every POST), so it carries no ambient cookie risk. docs/identity.md.
import type { IncomingHttpHeaders } from 'node:http';

export const CSRF_HEADER = 'rampart-csrf';
export const CSRF_VALUE = '1';

export type CrossSiteProblem = 'missing_csrf_header' | 'foreign_origin';

export function crossSiteProblem(headers: IncomingHttpHeaders, allowedOrigins: readonly string[]): CrossSiteProblem | undefined {
  if (headers[CSRF_HEADER] !== CSRF_VALUE) return 'missing_csrf_header';
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  if (allowedOrigins.includes(origin)) return undefined;
  let host: string;
  try {
    const url = new URL(origin);
    if (url.origin !== origin) return 'foreign_origin'; // `null`, paths, credentials: not an origin
    host = url.host;
  } catch {
    return 'foreign_origin';
  }
  return headers.host !== undefined && host === headers.host.toLowerCase() ? undefined : 'foreign_origin';
}
