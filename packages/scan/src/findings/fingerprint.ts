// Fingerprints that survive unrelated edits: rule id + file + the normalized text of the line
// the finding starts on + which occurrence of that same (rule, file, text) it is. Line numbers
// are deliberately left out, so adding code above a finding does not make it "new".
import { createHash } from 'node:crypto';

export function normalizeLine(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

export interface Fingerprintable {
  readonly rule: string;
  readonly file: string;
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

/** One fingerprint per item, in the order given; items are numbered per (rule, file, text) in line order. */
export function fingerprints(items: readonly Fingerprintable[]): string[] {
  const order = items.map((item, index) => ({ item, index })).sort((a, b) => a.item.line - b.item.line || a.item.column - b.item.column);
  const seen = new Map<string, number>();
  const result: string[] = new Array<string>(items.length);
  for (const { item, index } of order) {
    const key = `${item.rule}\n${item.file}\n${normalizeLine(item.code)}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result[index] = createHash('sha256').update(`${key}\n${occurrence}`).digest('hex').slice(0, 32);
  }
  return result;
}
