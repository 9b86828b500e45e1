// The import fetch built from the configuration: https only (production refuses http origins at
// configuration), allowed origins reachable, and the proxy variables never used silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../errors/index.js';
import { startServer, type TestServer } from '../../../../test-support/http-server.js';
import { loadConfig, type Env } from '../config/index.js';
import { createImportFetch, fetchImportDocument } from './import-source.js';

let source: TestServer;

beforeAll(async () => {
  source = await startServer((_request, response) => response.end('{"courses":[{"title":"From source"}]}'));
});
afterAll(async () => {
  await source?.close();
});

async function fetchWith(env: Env, url: string): Promise<unknown> {
  const safeFetch = createImportFetch(loadConfig(env, '/srv/app'), 1024);
  try {
    return await fetchImportDocument(safeFetch, url);
  } finally {
    await safeFetch.close();
  }
}

const codeOf = (error: unknown): unknown => (error instanceof ImportError ? error.code : error);

describe('createImportFetch', () => {
  it('reaches an allowed http origin, and no other http URL', async () => {
    const env = { IMPORT_ALLOWED_ORIGINS: source.url.origin };
    expect(await fetchWith(env, source.url.href)).toEqual({ courses: [{ title: 'From source' }] });
    await expect(fetchWith(env, 'http://example.com/').catch(codeOf)).resolves.toBe('ERR_IMPORT_URL_REFUSED');
    await expect(fetchWith({}, source.url.href).catch(codeOf)).resolves.toBe('ERR_IMPORT_URL_REFUSED');
  });

  it('is https only in production', async () => {
    const production = { RAMPART_ENV: 'production', ALLOWED_HOSTS: 'api.example.com', SECURITY_CONTACT: 'mailto:security@example.com' };
    await expect(fetchWith(production, 'http://example.com/courses.json').catch(codeOf)).resolves.toBe('ERR_IMPORT_URL_REFUSED');
    await expect(fetchWith(production, 'https://169.254.169.254/').catch(codeOf)).resolves.toBe('ERR_IMPORT_URL_REFUSED');
  });

  it('refuses while HTTPS_PROXY is set and IMPORT_PROXY unset; IMPORT_PROXY=direct connects', async () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    try {
      const env = { IMPORT_ALLOWED_ORIGINS: source.url.origin };
      const refused = await fetchWith(env, source.url.href).catch((error: unknown) => error);
      expect(codeOf(refused)).toBe('ERR_IMPORT_SOURCE_UNAVAILABLE');
      expect((refused as ImportError).cause).toMatchObject({ code: 'proxy_refused' });
      expect(await fetchWith({ ...env, IMPORT_PROXY: 'direct' }, source.url.href)).toEqual({ courses: [{ title: 'From source' }] });
    } finally {
      delete process.env.HTTPS_PROXY;
    }
  });
});
