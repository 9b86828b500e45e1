// A dependency-free horizontal bar chart (SVG) of scenario 1: req/s of each target as a ratio to bare Fastify.
const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function renderChart(result) {
  if (!result?.targets) return null;
  const rows = Object.values(result.targets).filter((t) => t.rpsRatio !== undefined).sort((a, b) => b.rpsRatio - a.rpsRatio);
  if (!rows.length) return null;
  const width = 760, barX = 300, barMax = 400, rowH = 34, top = 50;
  const height = top + rows.length * rowH + 40;
  const bars = rows.map((t, i) => {
    const y = top + i * rowH;
    const w = Math.max(2, Math.min(1, t.rpsRatio) * barMax);
    const colour = t.label.startsWith('Rampart') ? '#1f6feb' : t.label.startsWith('bare') ? '#8b949e' : '#d29922';
    return `<text x="${barX - 10}" y="${y + 21}" text-anchor="end" font-size="13">${escape(t.label)}</text>` +
      `<rect x="${barX}" y="${y + 6}" width="${w.toFixed(1)}" height="${rowH - 12}" fill="${colour}"/>` +
      `<text x="${barX + w + 6}" y="${y + 21}" font-size="13">${t.rpsRatio.toFixed(2)} x (${Math.round(t.rps)} req/s)</text>`;
  }).join('\n  ');
  const goalX = barX + 0.8 * barMax;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="20" y="28" font-size="16" font-weight="bold">Public JSON route, requests/s as a ratio to bare Fastify (same run)</text>
  ${bars}
  <line x1="${goalX}" y1="${top}" x2="${goalX}" y2="${height - 30}" stroke="#cf222e" stroke-dasharray="4 3"/>
  <text x="${goalX}" y="${height - 12}" font-size="12" text-anchor="middle" fill="#cf222e">goal 0.80 x</text>
</svg>
`;
}
