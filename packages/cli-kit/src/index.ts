export { closest } from './suggest.js';
export { printable } from './printable.js';
export type { OwaspCategory } from './owasp.js';
export type { OwaspApiCategory } from './owasp-api.js';
