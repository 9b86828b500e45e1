// How a per-operation check sends a request: to one operation, as one identity (or none, and
// then without the --header values either), within that check's budget for that operation.
import type { AuditContext, ProbeResponse } from '../checks/types.js';
import { ProbeFailedError } from '../runner/errors.js';
import { parameterExample } from './examples.js';
import { isAllowed } from './safety.js';
import type { ApiSurface, Identity, Operation } from './types.js';

export interface OperationRequest {
  /** Undefined: no credentials at all. */
  readonly identity?: Identity;
  /** Path parameter values; parameters without one get an example from their schema. */
  readonly pathValues?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** A JSON body (serialised here), or a raw string. */
  readonly body?: unknown;
  /** Replaces the identity's headers of the same name (token tampering). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface OperationClient {
  readonly surface: ApiSurface;
  /** The response, or undefined when the operation is not allowed, its budget for this check is
   * spent, or the request got no answer. */
  send(operation: Operation, request?: OperationRequest): Promise<ProbeResponse | undefined>;
  /** Requests still allowed to this operation for this check. */
  remaining(operation: Operation): number;
}

export function concretePath(operation: Operation, values: Readonly<Record<string, string>> = {}, query: Readonly<Record<string, string>> = {}): string {
  const path = operation.path.replace(/\{([^{}/]+)\}/g, (_match, name: string) => {
    const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
    const value = values[name] ?? (parameter === undefined ? '1' : parameterExample(parameter));
    return encodeURIComponent(value);
  });
  const filled = { ...requiredQuery(operation), ...query };
  const search = new URLSearchParams(filled).toString();
  return search === '' ? path : `${path}?${search}`;
}

function requiredQuery(operation: Operation): Record<string, string> {
  return Object.fromEntries(operation.parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, parameterExample(p)]));
}

export function createOperationClient(context: AuditContext, surface: ApiSurface): OperationClient {
  const spent = new Map<Operation, number>();
  const remaining = (operation: Operation) => surface.maxRequestsPerOperation - (spent.get(operation) ?? 0);
  return {
    surface,
    remaining,
    async send(operation, request = {}) {
      if (!isAllowed(operation, surface) || remaining(operation) <= 0) return undefined;
      spent.set(operation, (spent.get(operation) ?? 0) + 1);
      const identityHeaders = request.identity === undefined ? {} : await request.identity.headers();
      const hasBody = request.body !== undefined;
      const body = typeof request.body === 'string' ? request.body : hasBody ? JSON.stringify(request.body) : undefined;
      try {
        return await context.probe({
          method: operation.method,
          path: concretePath(operation, request.pathValues, request.query),
          headers: {
            accept: 'application/json',
            ...(hasBody ? { 'content-type': 'application/json' } : {}),
            ...identityHeaders,
            ...request.headers,
          },
          ...(body === undefined ? {} : { body }),
          withoutUserHeaders: true,
        });
      } catch (error) {
        if (error instanceof ProbeFailedError) return undefined;
        throw error;
      }
    },
  };
}
