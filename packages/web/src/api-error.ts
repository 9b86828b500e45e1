// An error answer of the platform: `{error, message, reference}` (shared/API.md). The page
// shows the message and the reference id as text, never the raw body.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reference: string | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const GENERIC_MESSAGE = 'The request failed.';

function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 500 ? value : undefined;
}

/** The ApiError of a non-2xx answer whose body may or may not be the platform's error JSON. */
export function apiErrorOf(status: number, body: unknown): ApiError {
  return new ApiError(status, stringField(body, 'error') ?? `http_${status}`, stringField(body, 'message') ?? GENERIC_MESSAGE, stringField(body, 'reference'));
}

/** Anything thrown (a network failure too) as an ApiError the page can show. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'network_error', 'The server could not be reached.', undefined);
}
