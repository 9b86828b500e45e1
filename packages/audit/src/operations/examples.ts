// Plausible values from a schema: a request body that passes validation, a path parameter
// that names something. Depth-bounded (circular $refs stay in the document).
import { randomBytes } from 'node:crypto';
import type { JsonSchema, OperationParameter } from './types.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const unique = () => randomBytes(5).toString('hex');

function stringExample(schema: Json, name: string): string {
  const format = typeof schema.format === 'string' ? schema.format : '';
  if (format === 'email' || /e-?mail/i.test(name)) return `rampart-audit-${unique()}@example.com`;
  if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (format === 'date-time') return new Date(0).toISOString();
  if (format === 'date') return '2000-01-01';
  if (format === 'uri' || format === 'url' || /url$/i.test(name)) return 'https://example.com/';
  if (format === 'password' || /password/i.test(name)) return `Rampart-audit-${randomBytes(12).toString('hex')}`;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 64;
  const base = `rampart-audit-${unique()}`;
  return base.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, base.length)));
}

export function exampleOf(schema: unknown, name = '', depth = 0): unknown {
  if (!isObject(schema) || depth > 5) return null;
  if ('const' in schema) return schema.const;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const parts = schema[key];
    if (Array.isArray(parts) && parts.length > 0) {
      if (key !== 'allOf') return exampleOf(parts[0], name, depth + 1);
      return Object.assign({}, ...parts.map((part) => exampleOf(part, name, depth + 1)).filter(isObject));
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringExample(schema, name);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? Math.min(schema.minItems, 3) : 0;
      return Array.from({ length: count }, () => exampleOf(schema.items, name, depth + 1));
    }
    default: {
      if (type !== 'object' && !isObject(schema.properties)) return null;
      // Only required properties: strict servers refuse nothing they declared as required.
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
      return Object.fromEntries(required.map((key) => [key, exampleOf(properties[key], key, depth + 1)]));
    }
  }
}

export function parameterExample(parameter: OperationParameter): string {
  const schema: JsonSchema = parameter.schema ?? {};
  const value = exampleOf(schema, parameter.name);
  if (value === null || typeof value === 'object') return '1';
  return String(value);
}
