// HTML reporter: one self-contained file that passes a strict CSP. No script at all; one <style>
// element whose SHA-256 is the only style the page's Content-Security-Policy allows (so no
// 'unsafe-inline', no style attributes); every piece of scanned text is HTML-escaped.
import { createHash } from 'node:crypto';
import type { ScanFinding, ScanReport } from '../findings/types.js';
import type { Level } from '../rules/types.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

const CSS = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #ddd; }
.high h2 { color: #b00020; } .medium h2 { color: #8a5300; } .low h2 { color: #00607a; }
article { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; margin: .7rem 0; }
.where { font-family: ui-monospace, monospace; font-weight: 600; }
.rule { color: #555; margin-left: .6rem; }
pre { background: #f5f5f7; padding: .5rem; overflow-x: auto; margin: .4rem 0; }
.fix { color: #0b5e20; } .meta { color: #555; } table { border-collapse: collapse; }
td, th { border: 1px solid #ddd; padding: .2rem .6rem; text-align: left; }
`.trim();

const ORDER: readonly Level[] = ['high', 'medium', 'low'];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function styleHash(css: string = CSS): string {
  return `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`;
}

function findingHtml(finding: ScanFinding): string {
  const { file, line, column } = finding.location;
  return `<article>
<div><span class="where">${escapeHtml(`${file}:${line}:${column}`)}</span><span class="rule">${escapeHtml(finding.rule)} &middot; confidence ${escapeHtml(finding.confidence)} &middot; CWE-${finding.cwe}</span></div>
<p>${escapeHtml(finding.message)}</p>
<pre><code>${escapeHtml(finding.code)}</code></pre>
<p class="fix">Fix: ${escapeHtml(finding.fix)}</p>
</article>`;
}

export function renderHtml(report: ScanReport): string {
  const sections = ORDER.map((level) => {
    const group = report.findings.filter((finding) => finding.severity === level);
    if (group.length === 0) return '';
    return `<section class="${level}">\n<h2>${level.toUpperCase()} (${group.length})</h2>\n${group.map(findingHtml).join('\n')}\n</section>`;
  }).filter((section) => section !== '');
  const parseErrors =
    report.parseErrors.length === 0
      ? ''
      : `<section>\n<h2>Not checked (${report.parseErrors.length}): files that could not be parsed, or where a rule failed</h2>\n<ul>\n${report.parseErrors
          .map((error) => `<li><span class="where">${escapeHtml(`${error.file}:${error.line}:${error.column}`)}</span> ${escapeHtml(error.message)}</li>`)
          .join('\n')}\n</ul>\n</section>`;
  const { belowThreshold, suppressed, baseline } = report.omitted;
  const csp = `default-src 'none'; style-src '${styleHash()}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${TOOL_NAME} report: ${report.findings.length} findings`)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(TOOL_NAME)} ${escapeHtml(TOOL_VERSION)}</h1>
<p class="meta">${report.filesScanned} files, ${report.linesScanned} lines, ${escapeHtml(report.startedAt)}; severity &ge; ${escapeHtml(report.thresholds.severity)}, confidence &ge; ${escapeHtml(report.thresholds.confidence)}.</p>
<table>
<tr><th>Findings</th><td>${report.findings.length}</td></tr>
<tr><th>Suppressed</th><td>${suppressed}</td></tr>
<tr><th>Below the thresholds</th><td>${belowThreshold}</td></tr>
<tr><th>In the baseline</th><td>${baseline}</td></tr>
<tr><th>Files not checked</th><td>${report.parseErrors.length}</td></tr>
</table>
${sections.length === 0 ? '<p>No findings.</p>' : sections.join('\n')}
${parseErrors}
</body>
</html>
`;
}
