export { closest } from './suggest.js';
