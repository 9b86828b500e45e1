// Text that came from outside (a target's headers and bodies, lockfiles, advisory databases) must
// not drive the terminal a report is printed on: C0 and C1 control characters (ESC, CR, ...) and
// bidirectional controls (which reorder what the reader sees) are shown as `?`.
export function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
    const bidi = code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    out += control || bidi ? '?' : char;
  }
  return out;
}
