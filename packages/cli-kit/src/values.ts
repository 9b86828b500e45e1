// Value parsers for option tables (args.ts): each turns one raw argument into a value or a
// usage error that says what was expected.
import type { Parsed } from './args.js';

export function oneOf<T extends string>(choices: readonly T[]): (raw: string) => Parsed<T> {
  return (raw) =>
    (choices as readonly string[]).includes(raw) ? { value: raw as T } : { error: `expected one of ${choices.join(', ')}, got "${raw}"` };
}

export function integer(min: number, max: number): (raw: string) => Parsed<number> {
  return (raw) => {
    if (!/^\d+$/.test(raw)) return { error: `expected a whole number, got "${raw}"` };
    const value = Number(raw);
    if (value < min || value > max) return { error: `expected a number from ${min} to ${max}, got ${value}` };
    return { value };
  };
}

export function nonEmpty(raw: string): Parsed<string> {
  return raw.length > 0 ? { value: raw } : { error: 'expected a value, got an empty string' };
}

/** A repeatable flag's values in order, each once. */
export function accumulate<T>(parse: (raw: string) => Parsed<T>): (raw: string, previous: readonly T[] | undefined) => Parsed<readonly T[]> {
  return (raw, previous) => {
    const parsed = parse(raw);
    if ('error' in parsed) return parsed;
    return { value: previous?.includes(parsed.value) === true ? previous : [...(previous ?? []), parsed.value] };
  };
}
