// Baselines: the fingerprints of accepted findings, so that CI fails only on new ones. The file
// keeps rule, file and line beside each fingerprint for people reading a diff; only the
// fingerprint is matched (see findings/fingerprint.ts for why it survives unrelated edits).
import { readFileSync, writeFileSync } from 'node:fs';
import type { ScanFinding } from '../findings/types.js';
import { ConfigError } from '../config/load.js';
import { TOOL_NAME, TOOL_VERSION } from '../reporters/version.js';

export const BASELINE_VERSION = 1;

export function renderBaseline(findings: readonly ScanFinding[]): string {
  const document = {
    version: BASELINE_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    findings: findings.map((finding) => ({ id: finding.id, rule: finding.rule, file: finding.location.file, line: finding.location.line })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function writeBaseline(path: string, findings: readonly ScanFinding[]): void {
  writeFileSync(path, renderBaseline(findings), { mode: 0o644 });
}

export function readBaseline(path: string, label = path): Set<string> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`--baseline ${label}: ${code === undefined ? 'not valid JSON' : `cannot read the file (${code})`}`);
  }
  const document = value as { version?: unknown; findings?: unknown };
  if (typeof value !== 'object' || value === null || document.version !== BASELINE_VERSION || !Array.isArray(document.findings)) {
    throw new ConfigError(`--baseline ${label}: not a rampart-scan baseline (version ${BASELINE_VERSION}); write one with --write-baseline`);
  }
  const ids = new Set<string>();
  for (const entry of document.findings as unknown[]) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') throw new ConfigError(`--baseline ${label}: every finding needs a string "id"`);
    ids.add(id);
  }
  return ids;
}
