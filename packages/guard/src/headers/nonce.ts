// Per-response CSP nonces for the page profile. The CSP is serialised once with a slot where the
// nonce goes (script-src and style-src); a response only joins the parts around a fresh nonce.
import { randomBytes } from 'node:crypto';

/** 128 bits, the minimum CSP Level 3 asks of a nonce. */
export const NONCE_BYTES = 16;

/** Directives that get the response's nonce. */
const NONCE_DIRECTIVES = ['script-src', 'style-src'] as const;
/** A control character: checked directives never contain one (pageCspDirectives). */
const SLOT = '\u0000';

/** A fresh base64 nonce; never reused (one per response). */
export function createNonce(): string {
  return randomBytes(NONCE_BYTES).toString('base64');
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
