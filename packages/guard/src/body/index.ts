// Body layer: JSON only (415 for anything else, a missing content type included), size limit
// (413, Fastify's bodyLimit), prototype-poisoning keys and nesting depth (400), and strict
// schema validation (400, messages that name the field and the rule only).
import './augment.js';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { GuardPolicy } from '../policy/types.js';
import { createJsonParser } from './json-parser.js';
import { createRawBodyParser } from './raw-parser.js';

export { createJsonParser, inspectJson, charsetProblem } from './json-parser.js';
export { closeObjects } from './close-objects.js';
export { bodyConfigProblems, mediaTypeOf } from './route-config.js';
export { parseQueryString, MAX_QUERY_PARAMETERS } from './query-parser.js';
export { buildGuardValidator, BODY_AJV_OPTIONS, PARTS_AJV_OPTIONS } from './validator-compiler.js';

/** Replaces every content-type parser of `app` with guard's JSON parser (read as bytes, so that
 * `config.rawBody` can keep them) and a catch-all that answers 415, or reads the raw bytes on a
 * route that lists the media type in `config.contentTypes`. A route's own `bodyLimit` (Fastify's
 * route option) wins over `policy.body.limitBytes`, larger or smaller. */
export function registerBodyLayer(app: FastifyInstance, policy: GuardPolicy): void {
  app.removeAllContentTypeParsers();
  app.decorateRequest('rawBody', undefined);
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: policy.body.limitBytes },
    createJsonParser(policy.body.maxDepth),
  );
  app.addContentTypeParser('*', createRawBodyParser());
  app.addHook('onRoute', (route: RouteOptions) => installBodyRouteOptions(route, policy));
}

/** A route that takes raw bodies gets an explicit bodyLimit (the raw parser reads up to it). */
function installBodyRouteOptions(route: RouteOptions, policy: GuardPolicy): void {
  if (route.config?.contentTypes !== undefined) route.bodyLimit ??= policy.body.limitBytes;
}
