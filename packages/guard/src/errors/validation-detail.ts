// Validation messages name the field path and the rule, never the input: values are not
// echoed, and path segments that could be attacker-chosen keys are cut off.

export interface ValidationIssue {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SEGMENTS = 8;
const CONTEXTS = new Set(['body', 'querystring', 'params', 'headers']);

function safePath(instancePath: string | undefined): string {
  if (!instancePath) return '';
  const kept: string[] = [];
  for (const segment of instancePath.split('/').slice(1)) {
    if (!SAFE_SEGMENT.test(segment) || kept.length === MAX_SEGMENTS) break;
    kept.push(segment);
  }
  return kept.length ? `/${kept.join('/')}` : '';
}

const numberParam = (params: ValidationIssue['params'], name: string): string =>
  typeof params?.[name] === 'number' ? String(params[name]) : '?';

function rule(issue: ValidationIssue): { path: string; text: string } {
  const params = issue.params;
  const path = safePath(issue.instancePath);
  switch (issue.keyword) {
    case 'required': {
      // The missing property's name comes from the schema, not from the input.
      const missing = params?.missingProperty;
      const name = typeof missing === 'string' && SAFE_SEGMENT.test(missing) ? `/${missing}` : '';
      return { path: `${path}${name}`, text: 'is required' };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return { path, text: 'contains a field that is not allowed' };
    case 'type':
      return { path, text: `must be ${typeof params?.type === 'string' ? params.type : 'of another type'}` };
    case 'format':
      return { path, text: `must be a valid ${typeof params?.format === 'string' ? params.format : 'value'}` };
    case 'minLength':
      return { path, text: `must be at least ${numberParam(params, 'limit')} characters` };
    case 'maxLength':
      return { path, text: `must be at most ${numberParam(params, 'limit')} characters` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { path, text: `must be >= ${numberParam(params, 'limit')}` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { path, text: `must be <= ${numberParam(params, 'limit')}` };
    case 'minItems':
      return { path, text: `must have at least ${numberParam(params, 'limit')} items` };
    case 'maxItems':
      return { path, text: `must have at most ${numberParam(params, 'limit')} items` };
    case 'enum':
    case 'const':
      return { path, text: 'must be one of the allowed values' };
    case 'pattern':
      return { path, text: 'has an invalid format' };
    default:
      return { path, text: `fails rule ${issue.keyword && SAFE_SEGMENT.test(issue.keyword) ? issue.keyword : 'unknown'}` };
  }
}

/** One validation issue in safe terms, for a renderer that lists every issue. */
export interface ValidationProblem {
  /** `body`, `querystring`, `params`, `headers`, or `request` when unknown. */
  readonly location: string;
  /** JSON pointer of the field within that part (`/email`, `''` for the part itself); segments
   * that could be attacker-chosen keys are cut off. */
  readonly path: string;
  /** The rule, from the schema: `must be a valid email`. Never the input. */
  readonly message: string;
}

/** Upper bound of listed issues (a validator with allErrors on may report many). */
export const MAX_VALIDATION_PROBLEMS = 50;

/** Every issue (at most MAX_VALIDATION_PROBLEMS), in the terms of `validationDetail`. */
export function validationProblems(context: string, issues: readonly ValidationIssue[]): ValidationProblem[] {
  const location = CONTEXTS.has(context) ? context : 'request';
  return issues.slice(0, MAX_VALIDATION_PROBLEMS).map((issue) => {
    const { path, text } = rule(issue);
    return { location, path, message: text };
  });
}

/** `body/email: must be a valid email`. Only the first issue is reported (ajv runs with
 * allErrors off, so there is one). */
export function validationDetail(context: string, issues: readonly ValidationIssue[]): string {
  const where = CONTEXTS.has(context) ? context : 'request';
  const first = issues[0];
  if (!first) return `${where}: is invalid`;
  const { path, text } = rule(first);
  return `${where}${path}: ${text}`;
}
