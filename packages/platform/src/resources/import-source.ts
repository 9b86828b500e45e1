// `POST /api/import {url}`: the courses document fetched through guard's SSRF-safe fetch.
// Public https only; the origins of IMPORT_ALLOWED_ORIGINS (https only in production) are
// reachable even when private or http; each redirect rechecked; 10 s and the
// import body limit as caps. Every failure becomes an ImportError (errors/import-error.ts; the SafeFetchError
// kept as the logged cause).
import { createSafeFetch, isSafeFetchError, type SafeFetch, type SafeFetchErrorCode } from '@rampart/guard';
import type { PlatformConfig } from '../config/index.js';
import { ImportError } from '../errors/index.js';

export const IMPORT_FETCH_TIMEOUT_MS = 10_000;
export const IMPORT_FETCH_MAX_REDIRECTS = 3;

export function createImportFetch(config: PlatformConfig, maxResponseBytes: number): SafeFetch {
  return createSafeFetch({
    // https only. An allowed origin names its own scheme, so an http origin (development only:
    // the configuration refuses them in production) is reachable, and nothing else over http.
    allowedSchemes: ['https'],
    allowPrivate: config.importAllowedOrigins,
    maxRedirects: IMPORT_FETCH_MAX_REDIRECTS,
    timeoutMs: IMPORT_FETCH_TIMEOUT_MS,
    maxResponseBytes,
    ...(config.importProxy !== undefined ? { proxy: config.importProxy } : {}),
  });
}

const REFUSED: ReadonlySet<SafeFetchErrorCode> = new Set(['invalid_url', 'scheme_refused', 'port_refused', 'address_refused', 'redirect_refused']);

function importError(error: unknown): ImportError {
  if (!isSafeFetchError(error)) return new ImportError('ERR_IMPORT_SOURCE_UNAVAILABLE', { cause: error });
  if (REFUSED.has(error.code)) return new ImportError('ERR_IMPORT_URL_REFUSED', { cause: error });
  if (error.code === 'too_large') return new ImportError('ERR_IMPORT_SOURCE_TOO_LARGE', { cause: error });
  return new ImportError('ERR_IMPORT_SOURCE_UNAVAILABLE', { cause: error });
}

/** Fetches `url` and parses it as JSON; the caller validates the document. */
export async function fetchImportDocument(safeFetch: SafeFetch, url: string): Promise<unknown> {
  let text: string;
  try {
    const response = await safeFetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new ImportError('ERR_IMPORT_SOURCE_UNAVAILABLE', { cause: new Error(`the import source answered ${response.status}`) });
    }
    text = await response.text();
  } catch (error) {
    throw error instanceof ImportError ? error : importError(error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ImportError('ERR_IMPORT_SOURCE_INVALID', { cause: error });
  }
}
