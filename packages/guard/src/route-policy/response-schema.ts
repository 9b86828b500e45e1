// The response schema is the serializer layer: fast-json-stringify writes only declared fields.
// These shapes would let undeclared fields through, so a route may not use them:
// `additionalProperties: true`, declared `properties` plus an `additionalProperties` schema (the
// extra keys of a record would go out), `patternProperties`, and an unconstrained `{}`
// (serialized with JSON.stringify, whole). A map, an object whose keys are all data
// (`additionalProperties: <schema>` and no `properties`), is allowed when its value schema is
// itself closed by these same rules: every value is serialized through it.

const COMBINATORS = ['anyOf', 'oneOf', 'allOf'] as const;
const CONSTRAINING = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const'];

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

function walk(schema: unknown, path: string, problems: string[], depth: number): void {
  if (!isNode(schema) || depth > 32) return;
  if (!CONSTRAINING.some((key) => key in schema)) {
    problems.push(`${path} has no type: it would be serialized as is; declare its type and properties`);
    return;
  }
  const extra = schema.additionalProperties;
  if (isNode(extra) && schema.properties === undefined && schema.patternProperties === undefined) {
    walk(extra, `${path}{}`, problems, depth + 1); // a map: its values must be closed
  } else if (extra !== undefined && extra !== false) {
    problems.push(
      `${path} allows additionalProperties: undeclared fields would reach the client` +
        (isNode(extra) ? ' (a map may not also declare properties: split the map into its own field)' : ''),
    );
  }
  if (schema.patternProperties !== undefined) {
    problems.push(`${path} uses patternProperties: undeclared fields would reach the client`);
  }
  if (isNode(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) walk(child, `${path}.${name}`, problems, depth + 1);
  }
  if (Array.isArray(schema.items)) schema.items.forEach((item, i) => walk(item, `${path}[${i}]`, problems, depth + 1));
  else if (schema.items !== undefined) walk(schema.items, `${path}[]`, problems, depth + 1);
  for (const key of COMBINATORS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((item, i) => walk(item, `${path}.${key}[${i}]`, problems, depth + 1));
  }
}

/** Problems of a route's `schema.response` (all statuses). */
export function responseSchemaProblems(response: unknown): string[] {
  const problems: string[] = [];
  if (!isNode(response)) return problems;
  for (const [status, schema] of Object.entries(response)) {
    // Fastify's per-content-type form: { content: { 'application/json': { schema } } }.
    if (isNode(schema) && isNode(schema.content) && !('type' in schema)) {
      for (const [type, entry] of Object.entries(schema.content)) {
        walk(isNode(entry) ? entry.schema : undefined, `response[${status}][${type}]`, problems, 0);
      }
      continue;
    }
    walk(schema, `response[${status}]`, problems, 0);
  }
  return problems;
}
