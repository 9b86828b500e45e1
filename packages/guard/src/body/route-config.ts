// What a route may declare about its body: `config.rawBody` and `config.contentTypes`. Checked
// at start-up by the route policy, together with the route's other problems.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** `type/subtype` of a Content-Type header, lower case, parameters dropped ('' when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

export function bodyConfigProblems(config: { rawBody?: unknown; contentTypes?: unknown }, schema: { body?: unknown }): string[] {
  const problems: string[] = [];
  if (config.rawBody !== undefined && typeof config.rawBody !== 'boolean') problems.push('config.rawBody must be true or false');
  const types = config.contentTypes;
  if (types === undefined) return problems;
  if (!Array.isArray(types) || types.length === 0 || types.length > 32) {
    problems.push("config.contentTypes must be a list of 1 to 32 media types, e.g. ['application/octet-stream']");
    return problems;
  }
  for (const type of types) {
    if (typeof type !== 'string' || !MEDIA_TYPE.test(type)) {
      problems.push(`config.contentTypes: ${JSON.stringify(type)} is not a lower-case type/subtype media type (no parameters)`);
    } else if (type === 'application/json') {
      problems.push("config.contentTypes: 'application/json' is guard's own parser; a route lists the other types it takes instead of JSON");
    }
  }
  if (schema.body !== undefined) {
    problems.push('declares config.contentTypes and schema.body: the body of such a route is a Buffer that no schema describes; remove schema.body and check the bytes in the handler');
  }
  return problems;
}
