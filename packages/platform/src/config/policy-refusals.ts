// guard names what it refuses by policy key (`cors.origins`, `rateLimit.store`); an operator of
// the platform sets environment variables. This turns guard's PolicyError into the platform's
// ConfigError, each problem under the variable that produced the policy key, with the fix in
// the operator's terms.
import { PolicyError, type PolicyProblem } from '@rampart/guard';
import { ConfigError, type ConfigIssue } from './errors.js';
import { RATE_LIMIT_VARIABLES } from './index.js';

interface Translation {
  readonly variable: string;
  readonly fix: string;
}

/** Policy key (or key prefix) -> the variable it comes from (config/guard-policy.ts). */
const VARIABLES: Readonly<Record<string, Translation>> = {
  mode: { variable: 'RAMPART_ENV', fix: 'set RAMPART_ENV=production or RAMPART_ENV=development' },
  instances: { variable: 'RAMPART_INSTANCES', fix: 'set REDIS_URL=redis://cache.internal:6379, or RAMPART_INSTANCES=1' },
  allowedHosts: { variable: 'ALLOWED_HOSTS', fix: 'set ALLOWED_HOSTS=api.example.com (comma-separated host names this API answers to)' },
  trustProxy: { variable: 'TRUST_PROXY', fix: 'set TRUST_PROXY to the addresses or CIDRs of your proxies, e.g. TRUST_PROXY=10.0.0.0/8' },
  'cors.origins': { variable: 'CORS_ORIGINS', fix: 'set CORS_ORIGINS to the exact origins, e.g. CORS_ORIGINS=https://app.example.com' },
  'cors.credentials': { variable: 'CORS_ORIGINS', fix: 'set CORS_ORIGINS to the exact origins, e.g. CORS_ORIGINS=https://app.example.com' },
  'rateLimit.store': { variable: 'REDIS_URL', fix: 'set REDIS_URL=redis://cache.internal:6379 (shared rate limits), or RAMPART_INSTANCES=1' },
  securityTxt: { variable: 'SECURITY_CONTACT', fix: 'set SECURITY_CONTACT=mailto:security@example.com' },
  'docs.enabled': { variable: 'RAMPART_ENV', fix: 'interactive docs follow RAMPART_ENV: production never serves them' },
};

/** Settings the platform does not expose as variables (headers, body, connections): guard's
 * defaults are used, so a refusal there is a platform bug, reported under the policy key. */
function translate(problem: PolicyProblem): ConfigIssue {
  const rateClass = /^rateLimit\.classes\.([^.]+)/.exec(problem.path)?.[1];
  const rateVariable = rateClass ? (RATE_LIMIT_VARIABLES as Readonly<Record<string, string>>)[rateClass] : undefined;
  if (rateVariable) {
    return { variable: rateVariable, problem: `${problem.path} ${problem.message}`, fix: `set ${rateVariable}=<count>/<second|minute|hour>` };
  }
  const key = Object.keys(VARIABLES)
    .filter((candidate) => problem.path === candidate || problem.path.startsWith(`${candidate}.`))
    .sort((a, b) => b.length - a.length)[0];
  const translation = key ? VARIABLES[key] : undefined;
  if (!translation) {
    return { variable: `guard policy ${problem.path}`, problem: problem.message, fix: 'this setting is not configurable by environment; report it as a platform bug' };
  }
  // guard's message names the policy key (and a policy-level fix); keep it as the reason.
  return { variable: translation.variable, problem: `guard refuses ${problem.path}: ${problem.message}`, fix: translation.fix };
}

/** Runs `build` (anything that resolves the guard policy) and reports a PolicyError as the
 * platform's ConfigError, by environment variable. Other errors pass through. */
export function withPlatformVariableNames<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof PolicyError) throw new ConfigError(error.problems.map(translate), { cause: error });
    throw error;
  }
}
