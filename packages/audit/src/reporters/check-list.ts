// `--list-checks`: every check the auditor knows, one line each (id, OWASP category, whether
// it runs by default, title), in report order.
import type { Check } from '../checks/types.js';

export function renderCheckList(checks: readonly Check[]): string {
  const rows = checks.map((check) => [check.id, check.category, check.enabledByDefault ? 'on' : 'opt-in', check.title] as const);
  const header = ['id', 'category', 'default', 'title'] as const;
  const widths = [0, 1, 2].map((column) => Math.max(header[column]?.length ?? 0, ...rows.map((r) => r[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
