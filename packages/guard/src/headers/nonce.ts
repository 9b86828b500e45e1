// Per-response CSP nonces for the page profile. The CSP is serialised once with a slot where the
// nonce goes (script-src and style-src); a response only joins the parts around a fresh nonce.
import { randomFillSync } from 'node:crypto';

/** 128 bits, the minimum CSP Level 3 asks of a nonce. */
export const NONCE_BYTES = 16;

/** Directives that get the response's nonce. */
const NONCE_DIRECTIVES = ['script-src', 'style-src'] as const;
/** A control character: checked directives never contain one (pageCspDirectives). */
const SLOT = '\u0000';

// One randomBytes(16) call cost about 30 µs on our machines, a pooled slice about 1.5 µs: the
// pool is refilled from the CSPRNG when spent, and each slice is handed out once (Node's
// randomUUID caches entropy the same way).
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** A fresh base64 nonce; never reused (one per response). */
export function createNonce(): string {
  if (offset + NONCE_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const nonce = pool.toString('base64', offset, offset + NONCE_BYTES);
  offset += NONCE_BYTES;
  return nonce;
}

/** `(nonce) => CSP` for already checked page directives. `'none'` is dropped from a directive
 * that gets a nonce (it is only meaningful alone); a missing `style-src` starts from
 * `default-src`, its fallback, so adding the nonce never loosens or tightens anything else. */
export function createNonceCsp(directives: Readonly<Record<string, readonly string[]>>): (nonce: string) => string {
  const withSlots: Record<string, readonly string[]> = { ...directives };
  for (const name of NONCE_DIRECTIVES) {
    const sources = directives[name] ?? directives['default-src'] ?? [];
    withSlots[name] = [...sources.filter((source) => source.toLowerCase() !== "'none'"), SLOT];
  }
  const parts = Object.entries(withSlots)
    .map(([name, sources]) => (sources.length > 0 ? `${name} ${sources.join(' ')}` : name))
    .join('; ')
    .split(SLOT);
  return (nonce) => parts.join(`'nonce-${nonce}'`);
}
