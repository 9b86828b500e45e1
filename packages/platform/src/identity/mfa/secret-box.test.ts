// The sealing key ring: a rotation adds a key that seals from then on, older keys keep opening
// what they sealed, and another box on the same directory picks the new key up when it meets it.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('SecretBox key ring', () => {
  it('seals under the newest key after a rotation and still opens what older keys sealed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rmp-box-'));
    dirs.push(dir);
    const box = await SecretBox.open(join(dir, 'totp-secrets.key'));
    const before = box.seal('JBSWY3DPEHPK3PXP', 'user-a');
    expect(before.split('.')).toHaveLength(3);
    expect(await box.rotate()).toBe(1);
    expect((await stat(join(dir, 'totp-secrets.key.1'))).mode & 0o777).toBe(0o600);
    const after = box.seal('JBSWY3DPEHPK3PXP', 'user-a');
    expect(after).toMatch(/^k1\./);
    expect(box.isCurrent(after)).toBe(true);
    expect(box.isCurrent(before)).toBe(false);
    expect(box.open(before, 'user-a')).toBe('JBSWY3DPEHPK3PXP');
    expect(box.open(after, 'user-a')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => box.open(after, 'user-b')).toThrow();
    // A box opened on the same directory (another process) reads every key.
    expect((await SecretBox.open(join(dir, 'totp-secrets.key'))).open(after, 'user-a')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a ciphertext under a key it does not have, and a rotation without key files', async () => {
    const box = SecretBox.fromKey(Buffer.alloc(32, 7));
    const sealed = box.seal('x', 'c');
    expect(() => box.open(`k9.${sealed}`, 'c')).toThrow('sealed under a key this host does not have');
    await expect(box.rotate()).rejects.toThrow('cannot rotate');
  });
});
