import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUARD_ERROR_CODES } from '@rampart/guard';
import { describe, expect, it } from 'vitest';
import { toGuardPolicyInput } from './config/index.js';
import { loadConfig } from './config/index.js';
import { PLATFORM_ERROR_CODES } from './error-codes.js';

const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('the platform error code table', () => {
  it.each(Object.entries(PLATFORM_ERROR_CODES))('%s is documented in docs/errors.md with its status and wire code', (code, definition) => {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
    expect(row).toContain(`| ${definition.status} |`);
    expect(row).toContain(`\`${definition.error}\``);
    expect(Object.hasOwn(GUARD_ERROR_CODES, code)).toBe(false);
  });

  it('is the table the platform passes to guard at registration', () => {
    const policy = toGuardPolicyInput(loadConfig({}, '/srv/app'));
    expect(policy.errors?.codes).toBe(PLATFORM_ERROR_CODES);
  });

  it('holds every table the platform defines with defineErrorCodes (a table left out answers 500)', async () => {
    const root = fileURLToPath(new URL('.', import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('test-support'))
      .filter((file) => /export const \w+ = defineErrorCodes\(/.test(readFileSync(join(root, file), 'utf8')));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const file of files) {
      const module = (await import(`./${relative(root, join(root, file)).replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
      const tables = Object.values(module).filter((value): value is Record<string, { code: string }> =>
        typeof value === 'object' && value !== null && Object.values(value).every((entry) => typeof (entry as { code?: unknown }).code === 'string'));
      for (const table of tables) for (const code of Object.keys(table)) expect(Object.keys(PLATFORM_ERROR_CODES), `${code} of ${file}`).toContain(code);
    }
  });
});
