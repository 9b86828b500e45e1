// JSON over HTTP with undici for the online clients: one deadline per call covering connect,
// headers and body, a cap on the response size, and every failure as an OnlineAdvisoryError.
import { request } from 'undici';
import { OnlineAdvisoryError } from './errors.js';

export interface HttpOptions {
  /** Whole-call deadline in ms (default 30 s). */
  readonly timeoutMs?: number;
  /** Largest response body accepted (default 64 MiB: OSV's HTTP/1.1 limit is 32 MiB). */
  readonly maxBytes?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export async function callJson(
  method: 'GET' | 'POST',
  url: string,
  body: string | Buffer | undefined,
  options: HttpOptions = {},
): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  let text: string;
  let status: number;
  try {
    const res = await request(url, {
      method,
      signal,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(body !== undefined ? { body } : {}),
    });
    status = res.statusCode;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        res.body.destroy();
        throw new OnlineAdvisoryError('protocol', url, `response is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    text = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof OnlineAdvisoryError) throw error;
    if (signal.aborted) throw new OnlineAdvisoryError('timeout', url, `no complete answer within ${timeoutMs} ms`, { cause: error });
    const code = (error as { code?: string }).code;
    throw new OnlineAdvisoryError('network', url, `request failed (${code ?? (error as Error).message})`, { cause: error });
  }
  if (status < 200 || status > 299) {
    throw new OnlineAdvisoryError('http', url, `answered HTTP ${status}${text.length > 0 ? `: ${text.slice(0, 200)}` : ''}`, { status });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new OnlineAdvisoryError('protocol', url, 'answered with something that is not JSON', { status, cause: error });
  }
}

/** Runs `work` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await work(items[i] as T);
      } catch (error) {
        failed = true; // stop the other workers from starting more calls
        throw error;
      }
    }
  });
  await Promise.all(workers);
  return results;
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
