export { resolvePolicy, isResolvedPolicy } from './resolve.js';
export { PolicyError, type PolicyErrorCode, type PolicyProblem } from './policy-error.js';
export { defaultPolicy, DEFAULT_RATE_LIMIT_CLASSES, DEFAULT_IPV6_PREFIX48_FACTOR, ONE_YEAR_SECONDS } from './defaults.js';
export { didYouMean, editDistance } from './did-you-mean.js';
export type * from './types.js';
