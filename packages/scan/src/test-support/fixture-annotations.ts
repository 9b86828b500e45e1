// semgrep-style fixture annotations: `// ruleid: <id>[, <id>...]` on the line before a line that
// must be reported by that rule, `// ok: <id>[, <id>...]` before a look-alike that must not.
// Several annotation lines in a row all apply to the next line that is not an annotation.
export interface Expectation {
  readonly ruleId: string;
  /** 1-based line the annotation applies to. */
  readonly line: number;
  readonly kind: 'ruleid' | 'ok';
}

const ANNOTATION = /^\s*(?:\/\/|\/\*|\{\s*\/\*|<!--)\s*(ruleid|ok)\s*:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export function parseAnnotations(code: string): Expectation[] {
  const lines = code.split('\n');
  const expectations: Expectation[] = [];
  let pending: { kind: 'ruleid' | 'ok'; ids: string[] }[] = [];
  lines.forEach((text, index) => {
    const match = ANNOTATION.exec(text);
    if (match !== null) {
      pending.push({ kind: match[1] as 'ruleid' | 'ok', ids: (match[2] ?? '').split(',').map((id) => id.trim()) });
      return;
    }
    for (const annotation of pending) for (const ruleId of annotation.ids) expectations.push({ ruleId, line: index + 1, kind: annotation.kind });
    pending = [];
  });
  return expectations;
}
