// The advisory data the package ships (packages/deps/data/advisories: the Node.js Security WG's
// raw files and GitHub-reviewed advisories, with their licence and attribution files), so that
// `rampart deps` works offline with no flag. The path is the same from src/ and from dist/.
import { fileURLToPath } from 'node:url';

export const SHIPPED_DATA_DIR = fileURLToPath(new URL('../../data/advisories/', import.meta.url));

/** One source per shipped data set, so findings say which one they came from. */
export const SHIPPED_SOURCES: readonly { readonly name: string; readonly path: string }[] = [
  { name: 'shipped:nodejs-security-wg', path: fileURLToPath(new URL('../../data/advisories/nodejs-security-wg/', import.meta.url)) },
  { name: 'shipped:ghsa', path: fileURLToPath(new URL('../../data/advisories/ghsa/', import.meta.url)) },
];
