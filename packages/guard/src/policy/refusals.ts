// Production refusals: settings that are acceptable on a developer's machine but insecure in
// production. Each problem names the policy key (`cors.origins`, `rateLimit.store`) and the fix
// in policy terms only: guard does not know how an application configures itself (environment
// variables, files); the application translates the keys to its own names where it reports them.
import { ONE_YEAR_SECONDS } from './defaults.js';
import type { PolicyProblem } from './policy-error.js';
import type { GuardPolicy } from './types.js';

type Rule = (policy: GuardPolicy) => PolicyProblem | PolicyProblem[] | undefined;

const corsCredentialsWithWildcard: Rule = ({ cors }) => {
  if (!cors.credentials) return undefined;
  const fix = 'list the exact origins, e.g. cors.origins: ["https://app.example.com"]';
  if (cors.origins === '*' || (Array.isArray(cors.origins) && cors.origins.includes('*'))) {
    return { path: 'cors.origins', message: `'*' together with cors.credentials is refused in production; ${fix}` };
  }
  if (cors.origins === true) {
    return {
      path: 'cors.origins',
      message: `true (reflect any origin) together with cors.credentials is refused in production; ${fix}`,
    };
  }
  if (cors.origins instanceof RegExp) {
    return {
      path: 'cors.origins',
      message: `a RegExp together with cors.credentials is refused in production (patterns such as /example\\.com$/ also match evilexample.com); ${fix}`,
    };
  }
  return undefined;
};

// 'null' is the origin of sandboxed iframes, file: pages and some redirects: any attacker can
// produce it, so it is never a meaningful allow-list entry, with or without credentials.
const corsNullOrigin: Rule = ({ cors }) =>
  Array.isArray(cors.origins) && cors.origins.includes('null')
    ? { path: 'cors.origins', message: "'null' is refused in production (any sandboxed page sends it); remove it" }
    : undefined;

const docsEnabled: Rule = ({ docs }) =>
  docs.enabled
    ? { path: 'docs.enabled', message: 'API docs are refused in production; set docs.enabled: false (or leave it unset)' }
    : undefined;

const trustAnyProxy: Rule = ({ trustProxy }) => {
  if (trustProxy === true) {
    return {
      path: 'trustProxy',
      message: 'true (trust every X-Forwarded-For) is refused in production; list the proxy addresses or CIDRs, e.g. trustProxy: ["10.0.0.0/8"]',
    };
  }
  if (typeof trustProxy === 'number') {
    return {
      path: 'trustProxy',
      message: `a hop count (${trustProxy}) is refused in production (any client can prepend addresses); list the proxy addresses or CIDRs instead`,
    };
  }
  return undefined;
};

const shortHsts: Rule = ({ headers }) =>
  headers.hsts.maxAge < ONE_YEAR_SECONDS
    ? {
        path: 'headers.hsts.maxAge',
        message: `${headers.hsts.maxAge} seconds is under one year; set it to at least ${ONE_YEAR_SECONDS}`,
      }
    : undefined;

const noAllowedHosts: Rule = ({ allowedHosts }) =>
  allowedHosts.length === 0
    ? {
        path: 'allowedHosts',
        message: 'is empty; list the public host names of the API, e.g. allowedHosts: ["api.example.com"]',
      }
    : undefined;

const unsafeScripts: Rule = ({ headers }) => {
  const problems: PolicyProblem[] = [];
  for (const directive of ['script-src', 'script-src-elem', 'script-src-attr', 'default-src']) {
    const sources = headers.pageCsp[directive];
    // default-src is the fallback of script-src only when script-src is absent.
    if (!sources || (directive === 'default-src' && headers.pageCsp['script-src'])) continue;
    for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'"]) {
      if (sources.some((source) => source.toLowerCase() === unsafe)) {
        problems.push({
          path: `headers.pageCsp.${directive}`,
          message: `${unsafe} is refused in production; move scripts to files and use 'self' (or nonces/hashes)`,
        });
      }
    }
  }
  return problems;
};

const memoryStoreAcrossInstances: Rule = ({ rateLimit, instances }) => {
  const memory = rateLimit.store === 'memory' || rateLimit.store.kind === 'memory';
  return memory && instances > 1
    ? {
        path: 'rateLimit.store',
        message: `an in-process store with instances: ${instances} is refused in production (each instance would allow the full limit); set rateLimit.store to a shared store (e.g. a RedisRateLimitStore)`,
      }
    : undefined;
};

const RULES: readonly Rule[] = [
  corsCredentialsWithWildcard,
  corsNullOrigin,
  docsEnabled,
  trustAnyProxy,
  shortHsts,
  noAllowedHosts,
  unsafeScripts,
  memoryStoreAcrossInstances,
];

export function productionRefusals(policy: GuardPolicy): PolicyProblem[] {
  if (policy.mode !== 'production') return [];
  return RULES.flatMap((rule) => rule(policy) ?? []);
}
