// The AuditContext every check receives: one bounded client bound to the target.
// Bounds: a total request budget, at most `concurrency` requests in flight, a per-request
// deadline, capped bodies. Shared notes: the two baselines are fetched once and reused by
// every check, so a check never pays for (or counts) them twice.
import type { AuditContext, ProbeRequest, ProbeResponse } from '../checks/types.js';
import type { ApiSurface } from '../operations/types.js';
import { RequestBudgetExceededError } from './errors.js';
import { HttpClient } from './http-client.js';
import { ConcurrencyLimiter } from './limiter.js';
import { randomUnknownPath } from './unknown-path.js';

export interface ContextSettings {
  readonly target: URL;
  readonly env: 'production' | 'development';
  readonly loginPath?: string;
  /** Sent with every probe (--header); a check's own header of the same name wins. */
  readonly extraHeaders: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** Total number of requests the whole audit may send. */
  readonly maxRequests: number;
  readonly maxBodyBytes: number;
  readonly ca?: string;
  /** Port of the plain-http probes of an https target: 80, where a browser would go. Only tests
   * (which cannot own port 80) set another. */
  readonly plainHttpPort?: number;
  /** The operations and identities of a spec-driven audit. */
  readonly api?: ApiSurface;
  /** Called after every request is sent (progress line). */
  readonly onRequest?: (requestsSent: number) => void;
}

export const USER_AGENT = 'rampart-audit/0.1 (+https://github.com/rampart; security self-audit)';

export interface RunnerContext extends AuditContext {
  requestsSent(): number;
  close(): Promise<void>;
}

export function createAuditContext(settings: ContextSettings): RunnerContext {
  const client = new HttpClient({ ...settings, tlsHostname: settings.target.hostname });
  const limiter = new ConcurrencyLimiter(settings.concurrency);
  const defaultPath = settings.target.pathname + settings.target.search;
  const extraHeaders = lowerCaseKeys(settings.extraHeaders);
  let sent = 0;

  const probe = (request: ProbeRequest = {}): Promise<ProbeResponse> => {
    if (sent >= settings.maxRequests) return Promise.reject(new RequestBudgetExceededError(settings.maxRequests));
    sent += 1; // counted when queued, so the budget holds even with many probes in flight
    const method = request.method ?? 'GET';
    const origin = originFor(settings.target, request.scheme, settings.plainHttpPort);
    // The user's --header values (credentials, typically) go to the target's own origin only: a
    // plain-http probe of an https target would carry a bearer token in clear text.
    const userHeaders = origin === settings.target.origin && request.withoutUserHeaders !== true ? extraHeaders : {};
    const headers = { 'user-agent': USER_AGENT, accept: '*/*', ...userHeaders, ...lowerCaseKeys(request.headers ?? {}) };
    return limiter.run(async () => {
      settings.onRequest?.(sent);
      return client.send({
        origin,
        path: request.path ?? defaultPath,
        method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    });
  };

  const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
    let pending: Promise<T> | undefined;
    return () => (pending ??= load());
  };
  const unknownPath = randomUnknownPath();

  return {
    target: settings.target,
    env: settings.env,
    ...(settings.loginPath === undefined ? {} : { loginPath: settings.loginPath }),
    ...(settings.api === undefined ? {} : { api: settings.api }),
    probe,
    baseline: once(() => probe()),
    notFoundBaseline: once(() => probe({ path: unknownPath })),
    requestsSent: () => sent,
    close: () => client.close(),
  };
}

/** Same host; switching scheme drops an explicit port (plain http is probed on its default port). */
function originFor(target: URL, scheme: 'http' | 'https' | undefined, plainHttpPort: number | undefined): string {
  const wanted = scheme ?? (target.protocol === 'https:' ? 'https' : 'http');
  if (`${wanted}:` === target.protocol) return target.origin;
  const port = wanted === 'http' && plainHttpPort !== undefined && plainHttpPort !== 80 ? `:${plainHttpPort}` : '';
  return `${wanted}://${target.hostname}${port}`; // an IPv6 hostname keeps its brackets
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
