import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { mergeDotEnv, parseEnvText, readEnvironment } from './env-file.js';

describe('.env handling', () => {
  it('parses comments, quotes and blank lines', () => {
    expect(parseEnvText('# c\nPORT=4000\n\nCORS_ORIGINS="http://localhost:5173"\n')).toEqual({
      PORT: '4000',
      CORS_ORIGINS: 'http://localhost:5173',
    });
  });

  it('never overrides the real environment', () => {
    expect(mergeDotEnv({ PORT: '5000' }, 'PORT=4000\nHOST=0.0.0.0\n')).toEqual({ PORT: '5000', HOST: '0.0.0.0' });
  });

  it('is ignored entirely in production', () => {
    const env = { RAMPART_ENV: 'production' };
    expect(mergeDotEnv(env, 'ALLOWED_HOSTS=evil.example\n')).toBe(env);
  });

  it('cannot switch the process into production', () => {
    expect(() => mergeDotEnv({}, 'RAMPART_ENV=production\n')).toThrow(ConfigError);
  });

  const dir = mkdtempSync(join(tmpdir(), 'rampart-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads <cwd>/.env when it exists and tolerates its absence', () => {
    expect(readEnvironment({ A: '1' }, dir)).toEqual({ A: '1' });
    writeFileSync(join(dir, '.env'), 'PORT=4100\n');
    expect(readEnvironment({ A: '1' }, dir)).toEqual({ A: '1', PORT: '4100' });
    expect(readEnvironment({ RAMPART_ENV: 'production' }, dir)).toEqual({ RAMPART_ENV: 'production' });
  });
});
