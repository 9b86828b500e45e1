// Encryption at rest for TOTP secrets and the outbox's sealed tokens: AES-256-GCM under 32-byte
// keys kept in the data directory (0600; refused when readable by group or others), so that a
// database dump alone does not yield working second factors. A key ring: the first key is
// `<path>`, each `rampart secrets rotate` adds `<path>.<n>` (n = 1, 2, ...) and the highest seals;
// every key opens what it sealed. Format: base64url(iv).base64url(tag).base64url(data) under the
// first key, `k<n>.` in front of it under key n.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { chmod, lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KeyFilePermissionError } from '../keys/signing-keys.js';

/** A ciphertext names a key this process has not loaded: re-read the files at most this often. */
const RELOAD_INTERVAL_MS = 5_000;

function readKey(path: string): Buffer {
  const stat = lstatSync(path);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) throw new KeyFilePermissionError(path, stat.mode);
  const key = readFileSync(path);
  if (key.length !== 32) throw new Error(`${path} is not a 32-byte key`);
  return key;
}

export class SecretBox {
  #keys = new Map<number, Buffer>();
  #lastReload = 0;

  private constructor(
    keys: Map<number, Buffer>,
    private readonly path?: string,
  ) {
    this.#keys = keys;
  }

  /** Reads the key files, creating the first one (0600) on first start. */
  static async open(path: string): Promise<SecretBox> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      await writeFile(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
      await chmod(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stat = await lstat(path);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) throw new KeyFilePermissionError(path, stat.mode);
    const first = await readFile(path);
    if (first.length !== 32) throw new Error(`${path} is not a 32-byte key`);
    const box = new SecretBox(new Map([[0, first]]), path);
    box.reload();
    return box;
  }

  /** For tests and tools that manage the key themselves. */
  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
    return new SecretBox(new Map([[0, Buffer.from(key)]]));
  }

  /** The number of the key that seals. */
  get current(): number {
    return Math.max(...this.#keys.keys());
  }

  /** Re-reads `<path>.<n>` (a key added by `rampart secrets rotate` on another host). */
  reload(): void {
    if (this.path === undefined) return;
    const prefix = `${basename(this.path)}.`;
    for (const name of readdirSync(dirname(this.path))) {
      const n = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
      if (Number.isSafeInteger(n) && n > 0 && /^\d+$/.test(name.slice(prefix.length)) && !this.#keys.has(n)) {
        this.#keys.set(n, readKey(join(dirname(this.path), name)));
      }
    }
  }

  /** Adds a new key that seals from now on; returns its number. */
  async rotate(): Promise<number> {
    if (this.path === undefined) throw new Error('a SecretBox made from a key cannot rotate');
    this.reload();
    const next = this.current + 1;
    const key = randomBytes(32);
    const file = `${this.path}.${next}`;
    await writeFile(file, key, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600); // the umask must not widen it
    this.#keys.set(next, key);
    return next;
  }

  /** True when `sealed` is under the key that seals (nothing to re-seal). */
  isCurrent(sealed: string): boolean {
    return this.#keyNumber(sealed).n === this.current;
  }

  seal(plaintext: string, context: string): string {
    const n = this.current;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(n) as Buffer, iv);
    // The user id as associated data: a ciphertext copied to another account does not open.
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const body = [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join('.');
    return n === 0 ? body : `k${n}.${body}`;
  }

  open(sealed: string, context: string): string {
    const { n, body } = this.#keyNumber(sealed);
    let key = this.#keys.get(n);
    if (key === undefined && Date.now() - this.#lastReload > RELOAD_INTERVAL_MS) {
      this.#lastReload = Date.now();
      this.reload();
      key = this.#keys.get(n);
    }
    if (key === undefined) throw new Error('sealed under a key this host does not have');
    const [iv, tag, data] = body.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) throw new Error('malformed sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }

  #keyNumber(sealed: string): { n: number; body: string } {
    const match = /^k(\d{1,9})\.(.*)$/s.exec(sealed);
    return match ? { n: Number(match[1]), body: match[2] as string } : { n: 0, body: sealed };
  }
}
