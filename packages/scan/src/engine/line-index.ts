// Offsets <-> 1-based lines and 0-based columns (UTF-16 code units, as ESLint counts them).
export interface Position {
  readonly line: number;
  readonly column: number;
}

export class LineIndex {
  readonly #starts: number[] = [0];
  readonly #text: string;
  #last = 0;

  constructor(text: string) {
    this.#text = text;
    // ESLint's line breaks: \r\n, \r, \n, U+2028, U+2029.
    const breaks = /\r\n|[\r\n\u2028\u2029]/g;
    for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) this.#starts.push(match.index + match[0].length);
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  locate(offset: number): Position {
    // The traversal asks in source order, mostly for the same or the next line: try those first.
    const last = this.#last;
    const start = this.#starts[last] ?? 0;
    if (offset >= start) {
      const next = this.#starts[last + 1];
      if (next === undefined || offset < next) return { line: last + 1, column: offset - start };
      const after = this.#starts[last + 2];
      if (after === undefined || offset < after) {
        this.#last = last + 1;
        return { line: last + 2, column: offset - next };
      }
    }
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    this.#last = low;
    return { line: low + 1, column: offset - (this.#starts[low] ?? 0) };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.#starts[line - 1];
    if (start === undefined) return '';
    const next = this.#starts[line];
    const end = next === undefined ? this.#text.length : next;
    return this.#text.slice(start, end).replace(/(?:\r\n|[\r\n\u2028\u2029])$/, '');
  }

  lines(): string[] {
    return this.#starts.map((_, index) => this.lineText(index + 1));
  }
}
