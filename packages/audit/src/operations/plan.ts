// --dry-run: what a spec-driven audit would send, operation by operation, without sending it.
import type { Check } from '../checks/types.js';
import { refusalFor } from './safety.js';
import { operationName, type ApiSurface } from './types.js';

export function planText(surface: ApiSurface, checks: readonly Check[], maxRequests: number): string {
  const lines = [
    `Plan: ${surface.operations.length} operation(s) from ${surface.origin}`,
    `Identities: ${surface.identities.map((i) => i.name).join(', ') || '(none: only requests without credentials)'}`,
    `Mode: ${surface.active ? `active (POST, PUT, PATCH${surface.allowDestructive ? ', DELETE' : ''} sent)` : 'read-only (GET, HEAD, OPTIONS)'}`,
    `Budget: at most ${surface.maxRequestsPerOperation} requests per operation per check, ${maxRequests} in all`,
    `Checks: ${checks.map((c) => c.id).join(', ')}`,
    '',
  ];
  const width = Math.min(60, Math.max(...surface.operations.map((op) => operationName(op).length), 10));
  for (const operation of surface.operations) {
    const refusal = refusalFor(operation, surface);
    const where = operation.source === undefined ? '' : `  (${operation.source.file}:${operation.source.line})`;
    lines.push(`  ${operationName(operation).padEnd(width)}  ${refusal === undefined ? 'probe' : `skip: ${refusal}`}${where}`);
  }
  return `${lines.join('\n')}\n`;
}
