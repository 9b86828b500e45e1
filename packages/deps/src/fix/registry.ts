// Package metadata for fix advice: GET {registry}/<name> with the abbreviated ("corgi") Accept
// header, at most N requests in flight, a timeout per request, a size cap, and one request per
// package per run (the promise is cached, failures too). A failure is not an error of the run:
// the advice for that package falls back to the offline text and the run gets one warning.
import { createLimiter } from './limiter.js';

export interface PackumentVersion {
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly deprecated?: string;
}

export interface Packument {
  readonly name: string;
  readonly versions: Readonly<Record<string, PackumentVersion>>;
}

export interface MetadataClient {
  /** The packument, or undefined when the registry did not give a usable one (see failures). */
  get(name: string): Promise<Packument | undefined>;
  /** One line per package that could not be fetched, for the report's warnings. */
  readonly failures: readonly string[];
  readonly requests: () => number;
}

export interface MetadataOptions {
  readonly registry: string;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** Largest packument accepted, in bytes (some full packuments are tens of MB). */
  readonly maxBytes?: number;
}

const ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

/** `@scope/name` -> `@scope%2fname`, as the registry expects. */
export function packumentUrl(registry: string, name: string): string {
  return `${registry.replace(/\/+$/, '')}/${name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps only what the advice reads, and only well-formed entries. */
export function toPackument(name: string, value: unknown): Packument | undefined {
  if (!isRecord(value) || !isRecord(value.versions)) return undefined;
  const versions: Record<string, PackumentVersion> = {};
  for (const [version, entry] of Object.entries(value.versions)) {
    if (!isRecord(entry)) continue;
    const pick = (key: string) => (isRecord(entry[key]) ? (entry[key] as Record<string, string>) : undefined);
    versions[version] = {
      version,
      ...(pick('dependencies') === undefined ? {} : { dependencies: pick('dependencies') }),
      ...(pick('optionalDependencies') === undefined ? {} : { optionalDependencies: pick('optionalDependencies') }),
      ...(pick('peerDependencies') === undefined ? {} : { peerDependencies: pick('peerDependencies') }),
      ...(typeof entry.deprecated === 'string' ? { deprecated: entry.deprecated } : {}),
    };
  }
  return { name, versions };
}

export function createMetadataClient(options: MetadataOptions): MetadataClient {
  const cache = new Map<string, Promise<Packument | undefined>>();
  const failures: string[] = [];
  const limit = createLimiter(options.concurrency);
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  let requests = 0;

  async function fetchOne(name: string): Promise<Packument | undefined> {
    const url = packumentUrl(options.registry, name);
    try {
      requests += 1;
      const response = await fetch(url, { headers: { accept: ACCEPT }, signal: AbortSignal.timeout(options.timeoutMs), redirect: 'follow' });
      if (!response.ok) {
        await response.body?.cancel();
        failures.push(`${name}: the registry answered ${response.status} for ${url}`);
        return undefined;
      }
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxBytes) {
        await response.body?.cancel();
        failures.push(`${name}: metadata of ${declared} bytes is over the ${maxBytes} byte limit`);
        return undefined;
      }
      const text = await response.text();
      if (text.length > maxBytes) {
        failures.push(`${name}: metadata is over the ${maxBytes} byte limit`);
        return undefined;
      }
      const packument = toPackument(name, JSON.parse(text) as unknown);
      if (packument === undefined) failures.push(`${name}: the registry's answer is not a packument`);
      return packument;
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      failures.push(`${name}: cannot fetch ${url} (${reason})`);
      return undefined;
    }
  }

  return {
    get(name) {
      let pending = cache.get(name);
      if (pending === undefined) {
        pending = limit(() => fetchOne(name));
        cache.set(name, pending);
      }
      return pending;
    },
    failures,
    requests: () => requests,
  };
}
