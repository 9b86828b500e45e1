export { closest } from './suggest.js';
export { printable } from './printable.js';
export type { OwaspCategory } from './owasp.js';
export type { OwaspApiCategory } from './owasp-api.js';
export { flagUsage, optionNotes, tokenizeArgs } from './args.js';
export type { OptionSpec, OptionTableFor, Parsed, SwitchSpec, Tokenized, TokenizeSettings, ValueSpec } from './args.js';
export { accumulate, integer, nonEmpty, oneOf } from './values.js';
export type { CliIO, CliStream } from './io.js';
