// The response handed back to the caller: its body re-streamed through a byte counter, so
// that a body over `maxResponseBytes` is aborted mid-stream (with or without Content-Length),
// and a failure while reading (timeout, reset) surfaces as a SafeFetchError.
import { ReadableStream } from 'node:stream/web';
import { Response } from 'undici';
import { SafeFetchError } from './errors.js';

export function declaredTooLarge(response: Response, maxBytes: number): boolean {
  const declared = response.headers.get('content-length');
  return declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes;
}

export function tooLarge(maxBytes: number): SafeFetchError {
  return new SafeFetchError('too_large', `the response is larger than ${maxBytes} bytes`);
}

export function limitResponse(response: Response, maxBytes: number, mapError: (error: unknown) => unknown): Response {
  const source = response.body;
  if (source === null) return response;
  const reader = source.getReader();
  let received = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) return controller.close();
        received += chunk.value.byteLength;
        if (received > maxBytes) {
          await reader.cancel().catch(() => undefined);
          return controller.error(tooLarge(maxBytes));
        }
        controller.enqueue(chunk.value);
      } catch (error) {
        controller.error(mapError(error));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const limited = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // A constructed Response has an empty url; keep the one the caller fetched.
  Object.defineProperty(limited, 'url', { value: response.url });
  return limited;
}
