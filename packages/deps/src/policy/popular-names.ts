// The default popular-name list (data/npm-popular-names.txt), read once when first needed. The data
// folder sits two levels above this file both in src/ and in dist/.
import { readFileSync } from 'node:fs';

let cached: readonly string[] | undefined;

export function parseNameList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function defaultPopularNames(): readonly string[] {
  cached ??= parseNameList(readFileSync(new URL('../../data/npm-popular-names.txt', import.meta.url), 'utf8'));
  return cached;
}
