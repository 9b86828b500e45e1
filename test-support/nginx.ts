// A private nginx for tests: its own main configuration, pid file, temp folders and log in a
// temp folder, in the foreground, never the system service. `nginxAvailable()` follows
// services.ts: missing nginx skips with a printed reason, except under CI=true where it fails.
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findExecutable } from './executables.js';
import { startServedProcess } from './served-process.js';
import { unavailable } from './services.js';

/** Debian installs nginx in /usr/sbin, which is not on every user's PATH. */
export const NGINX_BIN = process.env.RAMPART_TEST_NGINX ?? findExecutable('nginx', ['/usr/sbin']) ?? 'nginx';

export function nginxAvailable(): Promise<boolean> {
  return new Promise((resolve, reject) => {
    execFile(NGINX_BIN, ['-v'], { timeout: 10_000 }, (error) => {
      if (error === null) return resolve(true);
      try {
        resolve(unavailable('nginx', `${NGINX_BIN} cannot be run (apt-get install nginx)`));
      } catch (failure) {
        reject(failure as Error);
      }
    });
  });
}

export interface NginxProcess {
  readonly child: ChildProcess;
  /** Everything nginx wrote to standard error (its error log). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts nginx with `httpConfig` (server and upstream blocks) inside an http block of a main
 * configuration written to `dir`; resolves once `port` accepts connections. */
export async function startNginx(dir: string, httpConfig: string, port: number, timeoutMs = 20_000): Promise<NginxProcess> {
  const temp = (name: string) => join(dir, 'temp', name);
  await Promise.all(['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => mkdir(temp(name), { recursive: true })));
  await writeFile(join(dir, 'http.conf'), httpConfig);
  // As root the workers would switch to `nobody`, which cannot enter the private temp folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  await writeFile(
    join(dir, 'nginx.conf'),
    `${user}worker_processes 1;
events { worker_connections 64; }
http {
    access_log off;
    default_type application/octet-stream;
    client_body_temp_path ${temp('client_body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};
    include ${join(dir, 'http.conf')};
}
`,
  );
  const nginx = await startServedProcess({
    command: NGINX_BIN,
    args: ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf'), '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`],
    ready: { port },
    startTimeoutMs: timeoutMs,
    name: 'nginx',
  });
  return {
    child: nginx.child,
    output: nginx.output,
    // SIGQUIT: nginx's graceful shutdown.
    stop: async () => void (await nginx.stop('SIGQUIT')),
  };
}
