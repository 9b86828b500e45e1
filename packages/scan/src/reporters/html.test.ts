import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from './html.js';
import { sampleReport } from './test-support/sample-report.js';

describe('renderHtml', () => {
  const html = renderHtml(sampleReport);

  it('allows exactly its one style element by hash, and nothing else', () => {
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]?.[1] ?? '', 'utf8').digest('base64');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
  });

  it('has no script, no style attribute, no event handler and no external resource', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\s(?:src|href)=/i);
  });

  it('escapes the scanned code', () => {
    expect(html).toContain('&#60;/code&#62;&#60;/pre&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('src/routes/users.ts:12:5');
  });

  it('escapes every HTML metacharacter', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
