// One JSON request to a server under test, over real HTTP: the body is sent as JSON, the answer
// is read as text and parsed when it is JSON (an empty object otherwise, so tests can assert on it).
import { request } from 'undici';

export interface JsonCallOptions {
  readonly body?: unknown;
  readonly token?: string;
  readonly cookie?: string;
  readonly host?: string;
  /** Extra request headers (e.g. `Origin`, `Rampart-CSRF`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

export async function jsonCall(baseUrl: string, method: string, path: string, options: JsonCallOptions = {}): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.host) headers.host = options.host;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await request(`${baseUrl}${path}`, {
    method: method as 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.body.text();
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  return { status: response.statusCode, headers: response.headers as JsonAnswer['headers'], text, body };
}
