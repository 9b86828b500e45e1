// Body schemas reject unknown fields: every object schema that lists `properties` and says
// nothing about extra properties gets `additionalProperties: false`. Schemas that combine
// (allOf/anyOf/oneOf) or use $ref at that level are left as written, because closing them
// would reject fields that a sibling schema allows.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const OPEN_KEYWORDS = ['additionalProperties', 'unevaluatedProperties', 'patternProperties', 'allOf', 'anyOf', 'oneOf', '$ref'];
const SUBSCHEMA_MAPS = ['properties', 'definitions', '$defs'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'not', 'if', 'then', 'else', 'additionalItems', 'contains'];

export function closeObjects(schema: unknown, depth = 0): unknown {
  if (depth > 64 || typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const source = schema as { [key: string]: Json };
  const out: { [key: string]: unknown } = { ...source };
  for (const key of SUBSCHEMA_MAPS) {
    const map = source[key];
    if (map && typeof map === 'object' && !Array.isArray(map)) {
      const closed: { [key: string]: unknown } = {};
      for (const name of Object.keys(map)) closed[name] = closeObjects(map[name], depth + 1);
      out[key] = closed;
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = source[key];
    if (Array.isArray(list)) out[key] = list.map((item) => closeObjects(item, depth + 1));
  }
  for (const key of SUBSCHEMAS) {
    if (source[key] !== undefined) out[key] = closeObjects(source[key], depth + 1);
  }
  if (source.properties !== undefined && !OPEN_KEYWORDS.some((keyword) => keyword in source)) {
    out.additionalProperties = false;
  }
  return out;
}
