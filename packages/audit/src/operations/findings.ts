// Findings of the per-operation checks: a failing or warning operation gets its own finding
// (naming the operation and where the document declares it); operations that passed are
// summed up in one PASS, so a 200-operation API does not print 200 PASS lines.
import type { AuditContext, Finding } from '../checks/types.js';
import { operationName, type ApiSurface, type Operation } from './types.js';

export type OperationFinding = Omit<Finding, 'operation' | 'location' | 'url'> & { readonly url?: string };

export function forOperation(operation: Operation, finding: OperationFinding, url: string): Finding {
  // The operation leads the title too, so that every reporter (and the SARIF fingerprint,
  // built from the title) tells two operations' findings apart.
  return {
    ...finding,
    title: `${operationName(operation)}: ${finding.title}`,
    url: finding.url ?? url,
    operation: operationName(operation),
    ...(operation.source === undefined ? {} : { location: operation.source }),
  };
}

export function noSurface(context: AuditContext): Finding[] {
  return [{ verdict: 'N/A', title: 'No operations', detail: 'Run with --openapi, --path or --paths-file to audit each operation.', url: context.target.href }];
}

/** The non-PASS findings, plus one PASS that counts the operations without a problem. */
export function summarised(findings: readonly Finding[], passed: readonly Operation[], what: string, url: string, emptyDetail: string): Finding[] {
  const problems = findings.filter((f) => f.verdict !== 'PASS');
  const passedNames = [...new Set(passed.map(operationName))];
  const clean = passedNames.filter((name) => !problems.some((f) => f.operation === name));
  if (problems.length === 0 && clean.length === 0) return [{ verdict: 'N/A', title: what, detail: emptyDetail, url }];
  if (clean.length === 0) return problems;
  const shown = clean.slice(0, 8).join(', ') + (clean.length > 8 ? `, and ${clean.length - 8} more` : '');
  return [...problems, { verdict: 'PASS', title: what, detail: `${clean.length} operation(s) passed: ${shown}.`, url }];
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

export function requireSurface(context: AuditContext): ApiSurface | undefined {
  return context.api;
}
