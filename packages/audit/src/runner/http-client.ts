// The auditor's only way onto the network: undici's core `request` on a private Agent.
// Why not global fetch: fetch refuses a custom Host header and TRACE, normalises paths like
// `/%`, and follows redirects. The core client sends exactly what a check asks for, never
// follows a redirect (a 3xx is just a response to report), and we read at most
// `maxBodyBytes` of each body so a hostile target cannot make the auditor buffer gigabytes.
import { checkServerIdentity } from 'node:tls';
import { Agent } from 'undici';
import type { ProbeResponse } from '../checks/types.js';
import { ProbeFailedError } from './errors.js';

export interface HttpClientSettings {
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly maxBodyBytes: number;
  /** PEM text of extra trusted certificate authorities (--ca). */
  readonly ca?: string;
  /** The target's host name: certificates are verified against it, not against a probe's
   * (possibly foreign) Host header, which undici would otherwise use for the TLS check. */
  readonly tlsHostname?: string;
}

export interface RawRequest {
  readonly origin: string;
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Verifies the certificate for the target's own name, whatever Host header the probe sent. */
function pinnedIdentity(hostname: string): (servername: string, cert: Parameters<typeof checkServerIdentity>[1]) => Error | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return (_servername, cert) => checkServerIdentity(bare, cert);
}

export class HttpClient {
  private readonly agent: Agent;

  constructor(private readonly settings: HttpClientSettings) {
    this.agent = new Agent({
      connections: settings.concurrency,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      connect: {
        timeout: settings.timeoutMs,
        ...(settings.ca === undefined ? {} : { ca: settings.ca }),
        ...(settings.tlsHostname === undefined ? {} : { checkServerIdentity: pinnedIdentity(settings.tlsHostname) }),
      },
    });
  }

  async send(request: RawRequest): Promise<ProbeResponse> {
    const url = request.origin + request.path;
    // One deadline for the whole exchange, body included (undici's timeouts are per phase).
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const response = await this.agent.request({
        origin: request.origin,
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      });
      const body = await readCapped(response.body, this.settings.maxBodyBytes);
      const headers = normaliseHeaders(response.headers);
      return {
        url,
        method: request.method,
        status: response.statusCode,
        headers,
        body,
        contentType: headers['content-type']?.[0] ?? '',
      };
    } catch (error) {
      throw new ProbeFailedError(request.method, url, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = maxBytes - size;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
    if (size >= maxBytes) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Lower-cased names, every value kept, on a prototype-less object (a `__proto__` header is data). */
function normaliseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, readonly string[]> {
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const values = Array.isArray(value) ? value : [value];
    headers[key] = [...(headers[key] ?? []), ...values];
  }
  return headers;
}
