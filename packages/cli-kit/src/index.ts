export { closest } from './suggest.js';
export { printable } from './printable.js';
export type { OwaspCategory } from './owasp.js';
