// Encryption at rest for TOTP secrets: AES-256-GCM under a 32-byte key kept in the data
// directory (0600; refused when readable by group or others), so that a database dump alone
// does not yield working second factors. Format: base64url(iv).base64url(tag).base64url(data).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KeyFilePermissionError } from '../keys/signing-keys.js';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Reads the key file, creating it (0600) on first start. */
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
    const key = await readFile(path);
    if (key.length !== 32) throw new Error(`${path} is not a 32-byte key`);
    return new SecretBox(key);
  }

  /** For tests and tools that manage the key themselves. */
  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
    return new SecretBox(Buffer.from(key));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    // The user id as associated data: a ciphertext copied to another account does not open.
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join('.');
  }

  open(sealed: string, context: string): string {
    const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) throw new Error('malformed sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }
}
