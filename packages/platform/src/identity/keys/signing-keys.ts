// Signing keys of our access tokens: Ed25519 (EdDSA) key pairs, one JSON file each under
// <dataDir>/keys (directory 0700, files 0600; a file readable by group or others stops the
// start). The newest key signs; an older key keeps verifying until the tokens it signed before
// the next key appeared have expired, then it is neither accepted nor published.
import { chmod, lstat, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const SIGNING_ALGORITHM = 'EdDSA';

export class KeyFileOwnerError extends Error {
  override readonly name = 'KeyFileOwnerError';
  readonly code = 'RAMPART_ERR_KEY_FILE_PERMISSIONS';
  constructor(readonly file: string) {
    super(`signing key path ${file} is not owned by the user running rampart; fix: remove it, or chown it to this user`);
  }
}

/** The keys directory must be ours and closed to group and others: anyone who can write a key
 * file there can mint tokens. */
async function assertPrivateDirectory(directory: string): Promise<void> {
  const stat = await lstat(directory);
  if (!stat.isDirectory()) throw new Error(`signing key directory ${directory} is not a directory`);
  if (process.platform === 'win32') return;
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) throw new KeyFileOwnerError(directory);
  if ((stat.mode & 0o077) !== 0) {
    throw new KeyFilePermissionError(directory, stat.mode, 'chmod 700');
  }
}

export class KeyFilePermissionError extends Error {
  override readonly name = 'KeyFilePermissionError';
  readonly code = 'RAMPART_ERR_KEY_FILE_PERMISSIONS';
  constructor(readonly file: string, mode: number, fix = 'chmod 600') {
    super(
      `signing key path ${file} is readable or writable by group or others (mode ${(mode & 0o777).toString(8)}); ` +
        `fix: ${fix} ${file}`,
    );
  }
}

interface KeyFile {
  readonly kid: string;
  readonly alg: typeof SIGNING_ALGORITHM;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly privateJwk: JWK;
}

export interface LoadedKey {
  readonly kid: string;
  readonly createdAt: number;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: Readonly<JWK>;
}

export interface SigningKeysOptions {
  /** <dataDir>/keys */
  readonly directory: string;
  readonly now: () => number;
  /** How long a retired key still verifies: the access-token lifetime plus clock tolerance. */
  readonly retiredKeyGraceMs: number;
  /** Keys an operator retired (`rampart keys retire`): they neither verify nor are published. */
  readonly retired?: { has(kid: string): boolean };
}

const KEY_FILE = /^[A-Za-z0-9_-]{16,64}\.json$/;

/** Writes a new key file (0600, never overwriting) and returns its kid. Used at first start and
 * by `rampart keys rotate`; a running server picks it up on reload. */
export async function createKeyFile(directory: string, now: number): Promise<string> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x } as JWK);
  const file: KeyFile = { kid, alg: SIGNING_ALGORITHM, createdAt: now, privateJwk };
  const target = join(directory, `${kid}.json`);
  const temporary = join(directory, `.${kid}.tmp`);
  await writeFile(temporary, JSON.stringify(file), { mode: 0o600, flag: 'wx' });
  await chmod(temporary, 0o600); // the umask must not widen it
  await rename(temporary, target);
  return kid;
}

async function readKeyFile(path: string): Promise<LoadedKey> {
  const stat = await lstat(path);
  if (!stat.isFile()) throw new Error(`signing key ${path} is not a regular file`);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) throw new KeyFilePermissionError(path, stat.mode);
  // A 0600 file planted by another local user is still not ours to trust.
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) throw new KeyFileOwnerError(path);
  const parsed = JSON.parse(await readFile(path, 'utf8')) as KeyFile;
  if (parsed.alg !== SIGNING_ALGORITHM || typeof parsed.kid !== 'string' || typeof parsed.createdAt !== 'number') {
    throw new Error(`signing key ${path} is not a Rampart key file`);
  }
  const privateKey = (await importJWK(parsed.privateJwk, SIGNING_ALGORITHM)) as CryptoKey;
  const { kty, crv, x } = parsed.privateJwk;
  const publicJwk = Object.freeze({ kty, crv, x, kid: parsed.kid, alg: SIGNING_ALGORITHM, use: 'sig' }) as JWK;
  const publicKey = (await importJWK(publicJwk, SIGNING_ALGORITHM)) as CryptoKey;
  return { kid: parsed.kid, createdAt: parsed.createdAt, privateKey, publicKey, publicJwk };
}

export class SigningKeys {
  #keys: readonly LoadedKey[] = [];
  readonly #options: SigningKeysOptions;

  private constructor(options: SigningKeysOptions) {
    this.#options = options;
  }

  /** Loads every key (creating the first one when there is none) and refuses unsafe files. */
  static async open(options: SigningKeysOptions): Promise<SigningKeys> {
    const keys = new SigningKeys(options);
    await mkdir(options.directory, { recursive: true, mode: 0o700 });
    await assertPrivateDirectory(options.directory);
    await keys.reload();
    if (keys.#keys.length === 0) {
      await createKeyFile(options.directory, options.now());
      await keys.reload();
    }
    return keys;
  }

  /** Re-reads the directory (after `rampart keys rotate`). */
  async reload(): Promise<void> {
    const names = (await readdir(this.#options.directory)).filter((name) => KEY_FILE.test(name));
    const loaded = await Promise.all(names.map((name) => readKeyFile(join(this.#options.directory, name))));
    this.#keys = Object.freeze(loaded.sort((a, b) => b.createdAt - a.createdAt || a.kid.localeCompare(b.kid)));
  }

  /** The newest key: signs every new token. */
  current(): LoadedKey {
    const key = this.#keys[0];
    if (!key) throw new Error('no signing key loaded');
    return key;
  }

  /** Keys that may still verify: the current one and those retired less than the grace ago. */
  active(): readonly LoadedKey[] {
    const now = this.#options.now();
    return this.#keys.filter((key, index) => {
      if (this.isRetired(key.kid)) return false;
      if (index === 0) return true;
      const retiredAt = this.#keys[index - 1]?.createdAt ?? now;
      return now < retiredAt + this.#options.retiredKeyGraceMs;
    });
  }

  /** True when an operator retired `kid` (a compromised key). */
  isRetired(kid: string): boolean {
    return this.#options.retired?.has(kid) ?? false;
  }

  /** Every key loaded, newest first (`rampart keys retire` names them). */
  all(): readonly LoadedKey[] {
    return this.#keys;
  }

  /** Verification key for a kid, or undefined when unknown or past its grace. */
  verificationKey(kid: string): CryptoKey | undefined {
    return this.active().find((key) => key.kid === kid)?.publicKey;
  }

  /** The JWKS document: public parts only. */
  jwks(): { keys: JWK[] } {
    return { keys: this.active().map((key) => ({ ...key.publicJwk })) };
  }
}
