// Proxy variables: undici's fetch with our own dispatcher never reads HTTP(S)_PROXY, so a
// deployment that set one would silently bypass its egress proxy. Instead, while such a
// variable is set and no `proxy` option decides, every call is refused (`proxy_refused`).
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** The name of the first proxy variable set (non-empty) in `env`, if any. */
export function proxyVariableSet(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return PROXY_VARIABLES.find((name) => (env[name] ?? '').trim() !== '');
}
