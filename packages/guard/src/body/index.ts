// Body layer: JSON only (415 for anything else, a missing content type included), size limit
// (413, Fastify's bodyLimit), prototype-poisoning keys and nesting depth (400), and strict
// schema validation (400, messages that name the field and the rule only).
import type { FastifyInstance } from 'fastify';
import type { GuardPolicy } from '../policy/types.js';
import { createJsonParser } from './json-parser.js';

export { createJsonParser, inspectJson, charsetProblem } from './json-parser.js';
export { closeObjects } from './close-objects.js';
export { parseQueryString, MAX_QUERY_PARAMETERS } from './query-parser.js';
export { buildGuardValidator, BODY_AJV_OPTIONS, PARTS_AJV_OPTIONS } from './validator-compiler.js';

/** Replaces every content-type parser of `app` with guard's JSON parser. */
export function registerBodyLayer(app: FastifyInstance, policy: GuardPolicy): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: policy.body.limitBytes },
    createJsonParser(policy.body.maxDepth),
  );
}
