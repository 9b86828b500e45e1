// Role passwords are sent to PostgreSQL as SCRAM-SHA-256 verifiers computed here (as psql's
// \password does), so the plain password never appears in a statement, a server log
// (log_statement = 'ddl') or pg_stat_activity. RFC 5802 / RFC 7677; format of PostgreSQL's
// pg_authid.rolpassword: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> (base64).
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { ProvisionError } from './roles.js';

const ITERATIONS = 4096;
/** Printable ASCII: SASLprep is then the identity, so our verifier equals the server's. */
const PASSWORD = /^[\x21-\x7e]{16,256}$/;

export const SCRAM_VERIFIER = /^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/;

/** Throws unless `password` is 16..256 printable ASCII characters without spaces. `source`
 * names where it came from (an environment variable), for the message; the value never appears. */
export function checkRolePassword(password: string, source: string): void {
  if (!PASSWORD.test(password)) {
    throw new ProvisionError(
      `${source} must be 16 to 256 printable ASCII characters without spaces (for example: openssl rand -base64 32)`,
    );
  }
}

export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
