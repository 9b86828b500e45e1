// The built example started as its own process, the way it runs in production.
import { spawn, type ChildProcess } from 'node:child_process';

export interface AppProcess {
  readonly url: string;
  /** Everything the process wrote so far (logs on stdout, its own messages on stderr). */
  output(): string;
  /** SIGTERM, then the exit code, or an error when the process does not end in `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export function startApp(dir: string, env: Record<string, string>, timeoutMs = 20_000): Promise<AppProcess> {
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`notes-api did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /notes-api: listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        output: () => output,
        async stop(stopTimeoutMs = 10_000) {
          child.kill('SIGTERM');
          let timeout: NodeJS.Timeout | undefined;
          const late = new Promise<never>((_, fail) => {
            timeout = setTimeout(() => {
              child.kill('SIGKILL');
              fail(new Error(`notes-api did not exit within ${stopTimeoutMs} ms of SIGTERM:\n${output}`));
            }, stopTimeoutMs);
          });
          try {
            return await Promise.race([exited, late]);
          } finally {
            clearTimeout(timeout);
          }
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`notes-api exited with ${code} before listening:\n${output}`));
    });
  });
}
