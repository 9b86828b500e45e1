// Values for an operation's path parameters: an id the identity owns for the last parameter
// (the object the operation reads), examples from the schema for the others.
import { parameterExample } from './examples.js';
import type { Operation } from './types.js';

export function lastPathParameter(operation: Operation): string | undefined {
  return /\{([^{}/]+)\}[^{}]*$/.exec(operation.path)?.[1];
}

export function pathValuesFor(operation: Operation, ownIds: readonly string[], id?: string): Record<string, string> {
  const last = lastPathParameter(operation);
  const values: Record<string, string> = {};
  for (const parameter of operation.parameters) if (parameter.in === 'path') values[parameter.name] = parameterExample(parameter);
  const chosen = id ?? ownIds[0];
  if (last !== undefined && chosen !== undefined) values[last] = chosen;
  return values;
}
