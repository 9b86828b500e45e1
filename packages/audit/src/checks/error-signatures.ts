// Signatures of internals in error responses: stack frames, debug pages, SQL errors, server
// paths, framework error codes. One table, one row per signature, each tested with a real-looking
// sample in error-signatures.test.ts. Every pattern must run in linear time on hostile bodies:
// a line-anchored pattern never starts with `\s*` (it also matches newlines, so a flood of them
// made `^\s*at` quadratic: 46 s on 128 KiB), and free-text gaps are bounded and stop at newlines.
import { analysedPart } from './analysis-limits.js';

export type LeakKind = 'stack-trace' | 'debug-page' | 'sql-error' | 'server-path' | 'framework-detail';
export type Platform = 'Node' | 'Python' | 'Java' | 'Go' | 'Ruby' | 'PHP' | '.NET' | 'SQL' | 'any';

export interface LeakSignature {
  readonly platform: Platform;
  readonly kind: LeakKind;
  readonly name: string;
  readonly pattern: RegExp;
}

export const leakSignatures: readonly LeakSignature[] = [
  // Node.js
  { platform: 'Node', kind: 'stack-trace', name: 'V8 stack frame', pattern: /^[ \t]*at (?:async )?(?:[^\s()]+ )?\(?(?:\/|[A-Za-z]:\\|node:|file:\/\/)[^\s()]*:\d+:\d+\)?[ \t]*\r?$/m },
  { platform: 'Node', kind: 'server-path', name: 'node_modules path', pattern: /(?:\/|\\)node_modules(?:\/|\\)[\w@.-]+/ },
  { platform: 'Node', kind: 'framework-detail', name: 'Fastify error code', pattern: /\bFST_ERR_[A-Z_]+\b/ },
  { platform: 'Node', kind: 'framework-detail', name: 'body-parser error type', pattern: /"type"\s*:\s*"entity\.(?:parse\.failed|too\.large|verify\.failed)"/ },
  // Python
  { platform: 'Python', kind: 'stack-trace', name: 'Python traceback', pattern: /Traceback \(most recent call last\):/ },
  { platform: 'Python', kind: 'stack-trace', name: 'Python frame', pattern: /File "[^"]+\.py", line \d+/ },
  { platform: 'Python', kind: 'debug-page', name: 'Django debug page', pattern: /You(?:'|&#x27;|&#39;)re seeing this error because you have <code>DEBUG = True<\/code>/ },
  { platform: 'Python', kind: 'debug-page', name: 'Werkzeug debugger', pattern: /Werkzeug Debugger|__debugger__=yes/ },
  // Java
  { platform: 'Java', kind: 'stack-trace', name: 'Java stack frame', pattern: /^[ \t]*at [\w$.]+\([\w$]+\.(?:java|kt|scala):\d+\)/m },
  { platform: 'Java', kind: 'framework-detail', name: 'Java exception class', pattern: /\b(?:java|javax|jakarta|org\.springframework|org\.hibernate)\.[\w.]+(?:Exception|Error)\b/ },
  { platform: 'Java', kind: 'framework-detail', name: 'Spring Whitelabel page', pattern: /Whitelabel Error Page/ },
  // Go
  { platform: 'Go', kind: 'stack-trace', name: 'goroutine dump', pattern: /goroutine \d+ \[[\w ]+\]:/ },
  { platform: 'Go', kind: 'stack-trace', name: 'Go frame', pattern: /\.go:\d+ \+0x[0-9a-f]+/ },
  { platform: 'Go', kind: 'stack-trace', name: 'Go panic', pattern: /\bpanic: (?:runtime error: )?[\w ]+/ },
  // Ruby
  { platform: 'Ruby', kind: 'stack-trace', name: 'Ruby frame', pattern: /\.rb:\d+:in [`'][^'\n]{1,200}'/ },
  { platform: 'Ruby', kind: 'debug-page', name: 'Rails debug page', pattern: /Action Controller: Exception caught|<h2 style="margin-top: 30px">Application Trace<\/h2>|Rails\.root:/ },
  { platform: 'Ruby', kind: 'framework-detail', name: 'Rails exception class', pattern: /\b(?:ActionController|ActiveRecord|ActionDispatch)::\w+/ },
  // PHP
  { platform: 'PHP', kind: 'stack-trace', name: 'PHP error with file and line', pattern: /(?:Fatal error|Parse error|Warning|Notice|Deprecated|Uncaught \w+)(?:<\/b>)?: .{0,300}? in (?:<b>)?\S+\.php(?:<\/b>)? on line (?:<b>)?\d+/ },
  { platform: 'PHP', kind: 'stack-trace', name: 'PHP stack trace', pattern: /Stack trace:\s*(?:<br \/>)?\s*#0 / },
  { platform: 'PHP', kind: 'debug-page', name: 'Laravel Whoops / Ignition page', pattern: /Whoops! There was an error\.|ignition-|Illuminate\\[A-Z]\w+\\/ },
  // .NET
  { platform: '.NET', kind: 'stack-trace', name: '.NET frame', pattern: /at [\w.`<>]{1,200}\([^)\n]{0,300}\) in [^\n]{1,300}?\.cs:line \d+/ },
  { platform: '.NET', kind: 'debug-page', name: 'ASP.NET yellow screen', pattern: /Server Error in '[^']*' Application\./ },
  // SQL
  { platform: 'SQL', kind: 'sql-error', name: 'MySQL syntax error', pattern: /You have an error in your SQL syntax|\bER_PARSE_ERROR\b|\bmysqli?_\w+\(\)/ },
  { platform: 'SQL', kind: 'sql-error', name: 'PostgreSQL error', pattern: /syntax error at or near "|relation "[^"]+" does not exist|PG::\w+Error|duplicate key value violates unique constraint/ },
  { platform: 'SQL', kind: 'sql-error', name: 'Oracle error', pattern: /\bORA-\d{5}\b/ },
  { platform: 'SQL', kind: 'sql-error', name: 'SQL Server error', pattern: /Unclosed quotation mark after the character string|Incorrect syntax near '|\bSqlException\b/ },
  { platform: 'SQL', kind: 'sql-error', name: 'SQLite error', pattern: /SQLITE_ERROR|SQLite3::SQLException|sqlite3\.OperationalError|near "[^"]+": syntax error/ },
  { platform: 'SQL', kind: 'sql-error', name: 'PDO / SQLSTATE', pattern: /SQLSTATE\[[0-9A-Z]{5}\]/ },
  // Server paths (any platform)
  { platform: 'any', kind: 'server-path', name: 'server file path', pattern: /(?:\/home\/\w+|\/var\/www|\/usr\/src\/app|\/srv\/\w+|\/app\/(?:src|dist|lib)|[A-Z]:\\(?:inetpub|Users)\\)[^\s"'<>]*/ },
];

export interface LeakMatch {
  readonly signature: LeakSignature;
  /** A short excerpt of what matched (clipped, for the report). */
  readonly excerpt: string;
}

/** Debug pages print stacks as HTML (`<br>`, `&nbsp;`, `&lt;`): read them as text too. */
export function htmlAsText(body: string): string {
  return body
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x?27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export function findLeaks(fullBody: string): LeakMatch[] {
  const matches: LeakMatch[] = [];
  const body = analysedPart(fullBody);
  const text = /<[a-z!/]|&\w+;/i.test(body) ? htmlAsText(body) : undefined;
  for (const signature of leakSignatures) {
    const match = signature.pattern.exec(body) ?? (text === undefined ? null : signature.pattern.exec(text));
    if (match) matches.push({ signature, excerpt: match[0].trim().slice(0, 80) });
  }
  return matches;
}

/** Stack traces, debug pages, SQL errors and paths are leaks; framework detail is a fingerprint. */
export const isLeak = (match: LeakMatch) => match.signature.kind !== 'framework-detail';
