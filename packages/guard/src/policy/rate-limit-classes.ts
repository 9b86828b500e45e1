// The rate-limit classes of a policy after the defaults were merged. mergeDefaults keeps a class
// written with a function (`key`, `alsoKey`) whole, as it keeps any instance; here such a class
// is laid over guard's default of the same name (so `public: { alsoKey }` keeps its limit) and
// frozen. A class guard does not define must name its `limit` and `windowMs`.
import { DEFAULT_ON_STORE_FAILURE } from './defaults.js';
import type { PolicyProblem } from './policy-error.js';
import type { RateLimitClass, RateLimitRule } from './types.js';
import { isDataObject } from './validate.js';

type Classes = Readonly<Record<RateLimitClass, RateLimitRule>>;

export interface ResolvedClasses {
  readonly classes: Classes;
  readonly problems: PolicyProblem[];
}

export function resolveRateLimitClasses(defaults: Classes, merged: Classes): ResolvedClasses {
  const classes: Record<RateLimitClass, RateLimitRule> = {};
  const problems: PolicyProblem[] = [];
  for (const [name, rule] of Object.entries(merged)) {
    const base = Object.hasOwn(defaults, name) ? defaults[name] : undefined;
    const laid: Partial<RateLimitRule> = isDataObject(rule) || base === undefined ? { ...rule } : { ...base, ...rule };
    for (const required of ['limit', 'windowMs'] as const) {
      if (laid[required] === undefined) {
        problems.push({ path: `rateLimit.classes.${name}.${required}`, message: `is required for a class guard does not define (guard defines ${Object.keys(defaults).join(', ')})` });
      }
    }
    const complete = { onStoreFailure: DEFAULT_ON_STORE_FAILURE, ...laid } as RateLimitRule;
    classes[name] = Object.freeze(complete.allowList === undefined ? complete : { ...complete, allowList: Object.freeze([...complete.allowList]) });
  }
  return { classes: Object.freeze(classes), problems };
}
