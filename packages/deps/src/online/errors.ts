// A failed call to an online advisory service. The CLI reports it (and may fall back to the
// offline data); it is never an unhandled rejection or a crash.
export type OnlineErrorKind = 'network' | 'timeout' | 'http' | 'protocol';

export class OnlineAdvisoryError extends Error {
  readonly kind: OnlineErrorKind;
  readonly url: string;
  readonly status?: number;

  constructor(kind: OnlineErrorKind, url: string, problem: string, options?: { status?: number; cause?: unknown }) {
    super(`${url}: ${problem}`, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'OnlineAdvisoryError';
    this.kind = kind;
    this.url = url;
    if (options?.status !== undefined) this.status = options.status;
  }
}
