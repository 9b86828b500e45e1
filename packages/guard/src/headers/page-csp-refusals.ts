// Production refusal of inline styles in the page CSP (inline scripts are refused by the policy's
// production rules and, in every mode, by pageCspDirectives). Checked when the headers layer is
// built, so an insecure page profile stops the server at start.
import type { PolicyProblem } from '../policy/policy-error.js';
import type { GuardPolicy } from '../policy/types.js';

const STYLE_DIRECTIVES = ['style-src', 'style-src-elem', 'style-src-attr', 'default-src'];

export function pageCspProductionProblems(policy: GuardPolicy): PolicyProblem[] {
  if (policy.mode !== 'production') return [];
  const csp = policy.headers.pageCsp;
  const problems: PolicyProblem[] = [];
  for (const directive of STYLE_DIRECTIVES) {
    const sources = csp[directive];
    // default-src is the fallback of style-src only when style-src is absent.
    if (!sources || (directive === 'default-src' && csp['style-src'])) continue;
    if (sources.some((source) => source.toLowerCase() === "'unsafe-inline'")) {
      problems.push({
        path: `headers.pageCsp.${directive}`,
        message: "'unsafe-inline' is refused in production; move styles to files or set headers.pageCspNonce: true and give inline <style> the nonce (reply.cspNonce)",
      });
    }
  }
  return problems;
}
