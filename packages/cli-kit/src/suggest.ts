// "did you mean": the closest known word by edit distance (fastest-levenshtein), if it is close
// enough to be a typo. Shared by the audit, scan and deps command lines and config readers.
import { distance } from 'fastest-levenshtein';

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // A third of the word may be wrong, at least two edits: "--formt", "--fail_on", "--heder".
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
