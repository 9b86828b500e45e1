// The line of an operation in the document's text, for SARIF locations. The parsers drop
// positions, so the line is found textually: the path key after `paths`, then the method key
// after it. Works for JSON and block-style YAML; 1 when not found.
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function lineOfOperation(text: string, path: string, method: string): number {
  const pathsAt = Math.max(0, text.search(/(^|\n)\s*"?paths"?\s*:/));
  const pathKey = new RegExp(`(?:"${escape(path)}"\\s*:|^[ \\t]*['"]?${escape(path)}['"]?[ \\t]*:)`, 'm');
  const pathMatch = pathKey.exec(text.slice(pathsAt));
  if (pathMatch === null) return 1;
  const pathAt = pathsAt + pathMatch.index;
  const methodKey = new RegExp(`(?:"${method}"\\s*:|^[ \\t]+['"]?${method}['"]?[ \\t]*:)`, 'm');
  const methodMatch = methodKey.exec(text.slice(pathAt));
  const at = methodMatch === null ? pathAt : pathAt + methodMatch.index;
  const before = text.slice(0, at + (methodMatch?.[0].search(/\S/) ?? 0));
  return before.split('\n').length;
}
