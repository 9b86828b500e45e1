// createSafeFetch: undici's fetch through a dispatcher that refuses every destination that is
// not public unicast, checked at connect time on the resolved address, with redirects,
// total time and response size capped. See docs/guard.md, "Safe outbound requests".
import { Agent, ProxyAgent, fetch, type Dispatcher, type RequestInit as UndiciRequestInit } from 'undici';
import { createAllowList } from './allow-list.js';
import { createCheckedConnector } from './connector.js';
import { checkDestination, parseTarget } from './destination.js';
import { SafeFetchError } from './errors.js';
import { resolveSafeFetchOptions, type ResolvedSafeFetchOptions, type SafeFetchOptions } from './options.js';
import { proxyVariableSet } from './proxy.js';
import { isRedirect, redirectedInit } from './redirect.js';
import { declaredTooLarge, limitResponse, tooLarge } from './response-limit.js';

/** fetch's init without what the safe fetch decides itself (dispatcher, redirect mode). The
 * public types are the global fetch types (Node's, from undici-types), so that a SafeFetch can
 * be handed to code typed against the global fetch (jose's `customFetch`, for one); undici's own
 * declarations are a separate, structurally near-identical copy. */
export type SafeFetchInit = Omit<RequestInit, 'dispatcher' | 'redirect'>;

export interface SafeFetch {
  /** Resolves to undici's Response (the same API as the global one; `instanceof` the global
   * Response is false). */
  (input: string | URL, init?: SafeFetchInit): Promise<Response>;
  /** Closes the pooled connections (call on shutdown). */
  close(): Promise<void>;
}

function createDispatcher(resolved: ResolvedSafeFetchOptions, connector: ReturnType<typeof createCheckedConnector>): Dispatcher {
  // Through an explicit proxy the proxy resolves names, so only the URL checks apply here:
  // the proxy is the egress control (documented).
  if (typeof resolved.proxy === 'string') {
    return new ProxyAgent({ uri: resolved.proxy, ...(resolved.ca !== undefined ? { requestTls: { ca: resolved.ca } } : {}) });
  }
  return new Agent({ connect: connector });
}

export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const resolved = resolveSafeFetchOptions(options);
  const allowList = createAllowList(resolved.allowPrivate);
  const dispatcher = createDispatcher(resolved, createCheckedConnector(allowList, resolved.lookup, { timeoutMs: resolved.timeoutMs, ca: resolved.ca }));
  const proxyVariable = resolved.proxy === undefined ? proxyVariableSet(resolved.env) : undefined;

  const safeFetch = async (input: string | URL, init: SafeFetchInit = {}): Promise<Response> => {
    if (proxyVariable !== undefined) {
      throw new SafeFetchError('proxy_refused', `${proxyVariable} is set; pass createSafeFetch({ proxy: url }) to use a proxy or { proxy: false } to connect directly`);
    }
    const deadline = AbortSignal.timeout(resolved.timeoutMs);
    const callerSignal = init.signal ?? undefined;
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
    const toSafeError = (error: unknown): unknown => {
      if (error instanceof SafeFetchError) return error;
      if (callerSignal?.aborted) return error;
      if (deadline.aborted) return new SafeFetchError('timeout', `no complete response within ${resolved.timeoutMs} ms`, { cause: error });
      const cause = (error as { cause?: unknown } | null)?.cause;
      if (cause instanceof SafeFetchError) return cause;
      return new SafeFetchError('network_error', 'the request failed', { cause: error });
    };

    let url = parseTarget(input);
    let hopInit: SafeFetchInit = { ...init };
    for (let hop = 0; ; hop += 1) {
      checkDestination(url, resolved, allowList);
      let response: Awaited<ReturnType<typeof fetch>>;
      try {
        // The global init types and undici's describe the same values (see SafeFetchInit).
        response = await fetch(url, { ...(hopInit as UndiciRequestInit), signal, dispatcher, redirect: 'manual' });
      } catch (error) {
        throw toSafeError(error);
      }
      const location = response.headers.get('location');
      if (isRedirect(response.status) && location !== null) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= resolved.maxRedirects) {
          throw new SafeFetchError('redirect_refused', resolved.maxRedirects === 0 ? `a ${response.status} redirect, and redirects are off (maxRedirects)` : `more than ${resolved.maxRedirects} redirects`);
        }
        const next = URL.parse(location, url.href);
        if (next === null) throw new SafeFetchError('redirect_refused', 'a redirect to an invalid Location');
        hopInit = redirectedInit(hopInit, response.status, url, next);
        url = next;
        continue;
      }
      if (declaredTooLarge(response, resolved.maxResponseBytes)) {
        await response.body?.cancel().catch(() => undefined);
        throw tooLarge(resolved.maxResponseBytes);
      }
      return limitResponse(response, resolved.maxResponseBytes, toSafeError) as unknown as Response;
    }
  };
  return Object.assign(safeFetch, { close: () => dispatcher.close() });
}
