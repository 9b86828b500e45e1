// One rule for display names wherever one is set (registration, PATCH /api/me, `rampart users add`):
// 1..100 code points, not only white space, and none of the characters that rewrite what an
// operator's terminal or another user's screen shows: C0 and C1 controls (ANSI escapes, CR/LF,
// NUL), bidirectional controls (Trojan Source), line and paragraph separators, the BOM, and lone
// UTF-16 surrogates (not encodable as UTF-8). The JSON schema and the domain check share the
// pattern, so a route refuses with 400 before any work and the domain refuses the same input.

/** Characters never allowed (one class, also written into the schema pattern). */
const FORBIDDEN_CLASS = '\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\uFEFF\\uD800-\\uDFFF';

/** Works with and without the regex `u` flag (Ajv compiles with it): in `u` mode a surrogate pair
 * is one code point matched by the negated class; without it, the second alternative pairs them. */
export const DISPLAY_NAME_PATTERN = `^(?=[\\s\\S]*\\S)(?:[^${FORBIDDEN_CLASS}]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])+$`;

export const DISPLAY_NAME_MAX_CODE_POINTS = 100;

export const displayNameSchema = { type: 'string', minLength: 1, maxLength: DISPLAY_NAME_MAX_CODE_POINTS, pattern: DISPLAY_NAME_PATTERN } as const;

const DISPLAY_NAME = new RegExp(DISPLAY_NAME_PATTERN, 'u');

/** The display name to store (trimmed), or undefined when it breaks the rule. */
export function acceptableDisplayName(value: string): string | undefined {
  if (value.length > DISPLAY_NAME_MAX_CODE_POINTS * 2) return undefined;
  const trimmed = value.trim();
  if (!DISPLAY_NAME.test(trimmed)) return undefined;
  let codePoints = 0;
  for (const _ of trimmed) codePoints += 1;
  return codePoints <= DISPLAY_NAME_MAX_CODE_POINTS ? trimmed : undefined;
}
