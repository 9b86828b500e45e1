import { readFileSync } from 'node:fs';
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
});
