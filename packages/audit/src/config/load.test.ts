import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load.js';

const ids = ['cors', 'headers', 'banners'];

describe('parseConfig', () => {
  it('maps check ids to overrides', () => {
    expect(parseConfig('{"checks": {"cors": "ignore", "headers": "warn", "banners": "fail"}}', ids).checks).toEqual({
      cors: 'ignore',
      headers: 'warn',
      banners: 'fail',
    });
  });

  it('accepts an empty config', () => {
    expect(parseConfig('{}', ids).checks).toEqual({});
  });

  it.each([
    ['not json', /config: not valid JSON/],
    ['[]', /expected an object like/],
    ['{"check": {}}', /unknown key "check"; the only key is "checks"/],
    ['{"checks": []}', /"checks" must be an object/],
    ['{"checks": {"corz": "warn"}}', /unknown check id "corz" \(did you mean "cors"\?\); known: cors, headers, banners/],
    ['{"checks": {"__proto__": "warn"}}', /unknown check id "__proto__"/],
    ['{"checks": {"cors": "off"}}', /check "cors" must be one of ignore, warn, fail, got "off"/],
    ['{"checks": {"cors": 1}}', /must be one of ignore, warn, fail, got 1/],
  ])('rejects %s', (text, message) => {
    expect(() => parseConfig(text, ids)).toThrow(ConfigError);
    expect(() => parseConfig(text, ids)).toThrow(message);
  });
});

describe('loadConfig', () => {
  const dir = mkdtemp(join(tmpdir(), 'rampart-audit-config-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('reads and validates a file', async () => {
    const path = join(await dir, 'audit.json');
    await writeFile(path, '{"checks": {"headers": "warn"}}');
    expect((await loadConfig(path, ids)).checks).toEqual({ headers: 'warn' });
  });

  it('names the file and the reason when it cannot be read', async () => {
    const path = join(await dir, 'missing.json');
    await expect(loadConfig(path, ids)).rejects.toThrow(`${path}: cannot read the config file (ENOENT)`);
  });
});
