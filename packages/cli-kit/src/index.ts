export { closest } from './suggest.js';
export { printable } from './printable.js';
