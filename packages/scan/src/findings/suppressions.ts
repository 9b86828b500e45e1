// Inline suppressions: `// rampart-ignore <id>[, <id>...]: <reason>` at the end of the line a
// finding is on, or alone on the line before it. The reason is required: a suppression without
// one suppresses nothing and is itself reported, and so is a suppression that matched nothing.
import type { Comment } from '../engine/parse.js';
import type { LineIndex } from '../engine/line-index.js';

export interface Suppression {
  readonly ids: readonly string[];
  readonly reason: string | undefined;
  /** The line of the comment itself. */
  readonly line: number;
  readonly column: number;
  /** The line whose findings it suppresses. */
  readonly target: number;
}

const DIRECTIVE = /^\s*\*?\s*rampart-ignore\b(.*)$/s;
const BODY = /^\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::(.*))?$/s;

export interface ParsedDirective {
  readonly ids: readonly string[];
  readonly reason: string | undefined;
}

/** The directive in one comment's text, or undefined when the comment is not one. An id-less directive has ids []. */
export function parseDirective(text: string): ParsedDirective | undefined {
  const match = DIRECTIVE.exec(text);
  if (match === null) return undefined;
  const body = BODY.exec((match[1] ?? '').replace(/\*\/?\s*$/, ''));
  if (body === null) return { ids: [], reason: undefined };
  const reason = (body[2] ?? '').trim();
  return { ids: (body[1] ?? '').split(',').map((id) => id.trim()), reason: reason === '' ? undefined : reason };
}

export function findSuppressions(comments: readonly Comment[], lines: LineIndex): Suppression[] {
  const found: Suppression[] = [];
  const ownLine = new Set<number>();
  for (const comment of comments) {
    const directive = parseDirective(comment.value);
    if (directive === undefined) continue;
    const start = lines.locate(comment.range[0]);
    const before = lines.lineText(start.line).slice(0, start.column);
    // `{/* rampart-ignore ... */}` alone on a line is how JSX writes a comment line.
    const alone = before.trim() === '' || before.trim() === '{';
    if (alone) ownLine.add(start.line);
    found.push({ ...directive, line: start.line, column: start.column + 1, target: alone ? start.line + 1 : start.line });
  }
  // Several suppression lines in a row all apply to the first line after them.
  return found.map((suppression) => {
    if (suppression.target === suppression.line) return suppression;
    let target = suppression.target;
    while (ownLine.has(target)) target += 1;
    return { ...suppression, target };
  });
}
