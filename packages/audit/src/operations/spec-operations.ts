// A dereferenced OpenAPI 3.x / Swagger 2.0 document -> the list of operations the checks probe.
import type { LoadedSpec } from './spec-load.js';
import { lineOfOperation } from './spec-lines.js';
import type { HttpMethod, JsonSchema, Operation, OperationParameter } from './types.js';

type Json = Record<string, unknown>;
const METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_OPERATIONS = 2_000;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The path prefix every operation lives under: servers[0] (3.x) or basePath (2.0). */
function basePath(spec: LoadedSpec): string {
  const doc = spec.document;
  let base = '';
  if (spec.version === '2.0') base = typeof doc.basePath === 'string' ? doc.basePath : '';
  else {
    const first = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0].url : undefined;
    if (typeof first === 'string') {
      try {
        base = new URL(first, 'http://relative.invalid').pathname;
      } catch {
        base = '';
      }
    }
  }
  return base.replace(/\/+$/, '');
}

function parameterOf(raw: unknown, swagger2: boolean): OperationParameter | undefined {
  if (!isObject(raw) || typeof raw.name !== 'string') return undefined;
  if (raw.in !== 'path' && raw.in !== 'query' && raw.in !== 'header') return undefined;
  // Swagger 2.0 puts type/format/enum on the parameter itself.
  const schema = swagger2 ? raw : raw.schema;
  return {
    name: raw.name,
    in: raw.in,
    required: raw.required === true || raw.in === 'path',
    ...(isObject(schema) ? { schema: schema as JsonSchema } : {}),
  };
}

function jsonSchemaOf(content: unknown): JsonSchema | undefined {
  if (!isObject(content)) return undefined;
  const type = Object.keys(content).find((name) => /^application\/(?:[\w.+-]*\+)?json\b/i.test(name)) ?? Object.keys(content).find((name) => name === '*/*');
  const schema = type === undefined ? undefined : (content[type] as Json | undefined)?.schema;
  return isObject(schema) ? (schema as JsonSchema) : undefined;
}

function requestBodyOf(operation: Json, swagger2: boolean): JsonSchema | undefined {
  if (swagger2) {
    const body = (Array.isArray(operation.parameters) ? operation.parameters : []).find((p) => isObject(p) && p.in === 'body');
    return isObject(body) && isObject(body.schema) ? (body.schema as JsonSchema) : undefined;
  }
  return isObject(operation.requestBody) ? jsonSchemaOf(operation.requestBody.content) : undefined;
}

/** Property names of a schema, a few levels deep (arrays and allOf/oneOf/anyOf followed). */
export function propertyNames(schema: unknown, depth = 0, into = new Set<string>()): Set<string> {
  if (!isObject(schema) || depth > 4 || into.size > 500) return into;
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      into.add(name);
      propertyNames(child, depth + 1, into);
    }
  }
  propertyNames(schema.items, depth + 1, into);
  for (const key of ['allOf', 'oneOf', 'anyOf']) for (const part of Array.isArray(schema[key]) ? schema[key] : []) propertyNames(part, depth + 1, into);
  return into;
}

function responseFieldsOf(operation: Json, swagger2: boolean): string[] {
  const names = new Set<string>();
  for (const [status, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
    if (!/^2/.test(status) || !isObject(response)) continue;
    propertyNames(swagger2 ? response.schema : jsonSchemaOf(response.content), 0, names);
  }
  return [...names];
}

function securityOf(operation: Json, document: Json): Pick<Operation, 'security' | 'scopes'> {
  const requirements = operation.security ?? document.security;
  if (!Array.isArray(requirements)) return { security: 'undeclared', scopes: [] };
  // `security: []`, or an empty alternative `{}`, means a call without credentials is allowed.
  if (requirements.length === 0 || requirements.some((r) => isObject(r) && Object.keys(r).length === 0)) return { security: 'none', scopes: [] };
  const scopes = new Set<string>();
  for (const requirement of requirements) if (isObject(requirement)) for (const list of Object.values(requirement)) for (const s of strings(list)) scopes.add(s);
  return { security: 'required', scopes: [...scopes] };
}

export function operationsOf(spec: LoadedSpec): Operation[] {
  const swagger2 = spec.version === '2.0';
  const base = basePath(spec);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(isObject(spec.document.paths) ? spec.document.paths : {})) {
    if (!path.startsWith('/') || !isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const operation = item[method.toLowerCase()];
      if (!isObject(operation) || operations.length >= MAX_OPERATIONS) continue;
      const byKey = new Map<string, OperationParameter>();
      for (const raw of [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
        const parameter = parameterOf(raw, swagger2);
        if (parameter !== undefined) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const body = requestBodyOf(operation, swagger2);
      operations.push({
        method,
        path: base + path,
        parameters: [...byKey.values()],
        ...(body === undefined ? {} : { requestBody: body }),
        ...securityOf(operation, spec.document),
        roles: strings(operation['x-roles']),
        tags: strings(operation.tags),
        responseFields: responseFieldsOf(operation, swagger2),
        source: { file: spec.source, line: lineOfOperation(spec.text, path, method.toLowerCase()) },
      });
    }
  }
  return operations;
}
