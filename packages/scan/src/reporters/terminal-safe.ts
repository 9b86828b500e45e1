// Scanned code is untrusted text: before it reaches a terminal, control characters (ANSI escapes,
// carriage returns, bidi overrides) are shown as \u{..} escapes so that a file cannot rewrite
// the report or the terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`);
}
