export { main, type CliIO, type CliStream } from './cli.js';
