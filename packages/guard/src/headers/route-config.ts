// What a route may declare about its headers: `config.headers` and `config.cspNonce`. Checked at
// start-up by the route policy, so a typo (`headers: 'html'`) cannot silently mean the API set.
export function headersConfigProblems(config: { headers?: unknown; cspNonce?: unknown }): string[] {
  const problems: string[] = [];
  if (config.headers !== undefined && config.headers !== 'api' && config.headers !== 'page') {
    problems.push(`config.headers must be 'api' or 'page' (got ${JSON.stringify(config.headers)})`);
  }
  if (config.cspNonce !== undefined && typeof config.cspNonce !== 'boolean') problems.push('config.cspNonce must be true or false');
  if (config.cspNonce === true && config.headers !== 'page') problems.push("config.cspNonce applies to the page profile only; set config.headers: 'page'");
  return problems;
}
