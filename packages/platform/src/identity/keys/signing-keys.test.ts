import { chmod, chown, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyFileOwnerError, KeyFilePermissionError, SigningKeys, createKeyFile } from './signing-keys.js';

let dir: string;
let clock = 1_700_000_000_000;
const now = () => clock;
const GRACE = 905_000;

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'rampart-keys-')), 'keys');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('signing keys', () => {
  it('creates the first key at start with mode 0600 in a 0700 directory', async () => {
    const keys = await SigningKeys.open({ directory: dir, now, retiredKeyGraceMs: GRACE });
    const files = await readdir(dir);
    expect(files).toEqual([`${keys.current().kid}.json`]);
    expect((await stat(join(dir, files[0] as string))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('publishes public parts only in the JWKS', async () => {
    const keys = await SigningKeys.open({ directory: dir, now, retiredKeyGraceMs: GRACE });
    const jwks = keys.jwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: keys.current().kid, alg: 'EdDSA', use: 'sig' });
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
  });

  for (const mode of [0o640, 0o604, 0o644, 0o660]) {
    it(`refuses to start with a key file of mode ${mode.toString(8)}`, async () => {
      await SigningKeys.open({ directory: dir, now, retiredKeyGraceMs: GRACE });
      const [file] = await readdir(dir);
      await chmod(join(dir, file as string), mode);
      const error = await SigningKeys.open({ directory: dir, now, retiredKeyGraceMs: GRACE }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyFilePermissionError);
      expect((error as Error).message).toContain(`chmod 600 ${join(dir, file as string)}`);
    });
  }

  it('refuses a keys directory open to group or others', async () => {
    await SigningKeys.open({ directory: dir, now, retiredKeyGraceMs: GRACE });
    await chmod(dir, 0o770);
    const error = await SigningKeys.open({ directory: dir, now, retiredKeyGraceMs: GRACE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyFilePermissionError);
    expect((error as Error).message).toContain(`chmod 700 ${dir}`);
  });

  // Handing a file to another user needs root (as on CI); elsewhere the owner check cannot be staged.
  it.runIf(process.getuid?.() === 0)('refuses a 0600 key file planted by another user', async () => {
    const keys = await SigningKeys.open({ directory: dir, now, retiredKeyGraceMs: GRACE });
    const planted = await createKeyFile(dir, now() + 60_000);
    await chown(join(dir, `${planted}.json`), 65534, 65534);
    const error = await keys.reload().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyFileOwnerError);
    expect(keys.current().kid).not.toBe(planted);
  });

  it('rotation: the new key signs, the previous one verifies until its tokens expired, then disappears', async () => {
    const keys = await SigningKeys.open({ directory: dir, now, retiredKeyGraceMs: GRACE });
    const first = keys.current().kid;
    clock += 60_000;
    const second = await createKeyFile(dir, clock);
    await keys.reload();
    expect(keys.current().kid).toBe(second);
    expect(keys.verificationKey(first)).toBeDefined();
    expect(keys.jwks().keys.map((k) => k.kid).sort()).toEqual([first, second].sort());
    clock += GRACE - 1;
    expect(keys.verificationKey(first)).toBeDefined();
    clock += 2;
    expect(keys.verificationKey(first)).toBeUndefined();
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([second]);
  });
});
