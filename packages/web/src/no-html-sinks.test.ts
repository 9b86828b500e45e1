// The app's source never hands a string to an HTML or script sink, never reads or writes
// browser storage or script-readable cookies, and never uses inline style: the CSP and the
// refusing Trusted Types policy would stop these at run time; this stops them at review time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('.', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|css)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const FORBIDDEN: readonly [string, RegExp][] = [
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML', /\bouterHTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(ln)?\b/],
  ['DOMParser / createContextualFragment', /\bDOMParser\b|createContextualFragment/],
  ['srcdoc', /\bsrcdoc\b/],
  ['eval', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\b/],
  ['string timers', /set(Timeout|Interval)\s*\(\s*['"`]/],
  ['localStorage / sessionStorage / indexedDB', /\b(localStorage|sessionStorage|indexedDB)\b/],
  ['document.cookie', /\bdocument\s*\.\s*cookie\b/],
  ['inline style', /\.style\s*[.=[]|setAttribute\(\s*['"]style['"]|cssText/],
  ['javascript: URLs', /javascript:/i],
];

/** The code of a file without its comments (which may name what the code must not do). */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

describe('the web app source', () => {
  const files = sourceFiles(root);

  it('has files to check, and the check sees through comments only', () => {
    expect(files.some((file) => file.endsWith('main.ts'))).toBe(true);
    expect(code(join(root, 'ui', 'dom.ts'))).toContain("'http://www.w3.org/2000/svg'");
  });

  it.each(FORBIDDEN)('never uses %s', (_name, pattern) => {
    const offenders = files.filter((file) => pattern.test(code(file)));
    expect(offenders).toEqual([]);
  });
});
