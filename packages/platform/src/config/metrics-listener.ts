// METRICS_PORT / METRICS_HOST: the optional Prometheus listener, which answers GET /metrics
// WITHOUT a token. It is off unless METRICS_PORT is set and binds 127.0.0.1 unless METRICS_HOST
// names another address. METRICS_HOST must be an IP address (a name could resolve to a public
// interface), and in production not a wildcard (0.0.0.0, ::): that would publish the metrics on
// every interface, the public one included; name the private interface's address instead.
import { isIP } from 'node:net';
import type { IssueList } from './errors.js';
import { parseInteger } from './parse.js';

export interface MetricsListenerSetting {
  readonly host: string;
  /** 0: any free port (tests). */
  readonly port: number;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

export function parseMetricsListener(
  env: Readonly<Record<string, string | undefined>>,
  context: { readonly production: boolean; readonly port: number },
  issues: IssueList,
): MetricsListenerSetting | undefined {
  const rawPort = env.METRICS_PORT?.trim() ?? '';
  const rawHost = env.METRICS_HOST?.trim() ?? '';
  if (rawPort === '') {
    if (rawHost !== '') issues.add('METRICS_HOST', 'is set but METRICS_PORT is not, so no metrics listener starts', 'set METRICS_PORT=9464, or unset METRICS_HOST');
    return undefined;
  }
  const port = parseInteger('METRICS_PORT', rawPort, 9464, { min: 0, max: 65_535 }, issues);
  if (port !== 0 && port === context.port) {
    issues.add('METRICS_PORT', `is the API's PORT (${port}); the metrics listener needs a port of its own`, 'set METRICS_PORT=9464');
  }
  const host = rawHost === '' ? '127.0.0.1' : rawHost.toLowerCase();
  if (isIP(host) === 0) {
    issues.add('METRICS_HOST', 'must be an IP address (the listener serves metrics without a token)', 'set METRICS_HOST=127.0.0.1, or the address of a private interface');
  } else if (context.production && WILDCARDS.has(host)) {
    issues.add(
      'METRICS_HOST',
      'is a wildcard address in production: metrics (served without a token) would be reachable on every interface',
      'set METRICS_HOST to the address of a private interface (e.g. 10.0.0.5), or 127.0.0.1',
    );
  }
  return Object.freeze({ host, port });
}
