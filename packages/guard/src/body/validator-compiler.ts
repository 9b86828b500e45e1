// Fastify schema controller factory with two Ajv instances: bodies are validated strictly
// (no type coercion: `"12"` is not a number; unknown fields rejected; nothing removed), while
// params and query strings keep Fastify's coercion (they arrive as strings).
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyServerOptions } from 'fastify';
import { closeObjects } from './close-objects.js';

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;

const addFormats = addFormatsModule.default;

const COMMON: Options = {
  useDefaults: true,
  removeAdditional: false,
  // One error is enough for the answer; collecting all of them is a known DoS vector.
  allErrors: false,
  addUsedSchema: false,
};

export const BODY_AJV_OPTIONS: Options = { ...COMMON, coerceTypes: false };
export const PARTS_AJV_OPTIONS: Options = { ...COMMON, coerceTypes: 'array' };

function createAjv(options: Options, externalSchemas: Record<string, unknown>): Ajv {
  const ajv = new Ajv(options);
  addFormats(ajv);
  for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema as object);
  return ajv;
}

export const buildGuardValidator: ValidatorFactory = (externalSchemas) => {
  const schemas = (externalSchemas ?? {}) as Record<string, unknown>;
  const body = createAjv(BODY_AJV_OPTIONS, schemas);
  const parts = createAjv(PARTS_AJV_OPTIONS, schemas);
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? body : parts;
    const id = (schema as { $id?: unknown }).$id;
    if (typeof id === 'string') {
      const stored = ajv.getSchema(id);
      if (stored) return stored;
    }
    return ajv.compile((httpPart === 'body' ? closeObjects(schema) : schema) as object);
  };
};
