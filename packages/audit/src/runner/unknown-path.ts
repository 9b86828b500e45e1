// The random path of the not-found baseline, and how reporters make it stable again.
// The path is random so that no route, cache or catch-all can be prepared for it; a report
// that is compared across runs (SARIF fingerprints and locations) must not carry the random
// part, or every run would look like a new finding.
import { randomBytes } from 'node:crypto';

const PREFIX = '/rampart-audit-';
const RANDOM_SEGMENT = /\/rampart-audit-[0-9a-f]{16}(?=[/?#]|$)/g;

/** A fresh surely-unknown path: `/rampart-audit-` and 16 hex digits. */
export function randomUnknownPath(): string {
  return `${PREFIX}${randomBytes(8).toString('hex')}`;
}

/** The URL with every random unknown-path segment replaced by `/rampart-audit-{random}`. */
export function stableProbeUrl(url: string): string {
  return url.replace(RANDOM_SEGMENT, `${PREFIX}{random}`);
}
