// Which request an event belongs to, without business code knowing of HTTP: the HTTP edge runs
// each request inside `runInRequestContext` (AsyncLocalStorage), and SecurityEvents reads the
// request id and client address from there. Outside a request (the CLI) there is none.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
  readonly client: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, run: () => T): T {
  return storage.run(context, run);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
