// The built example started as its own process, the way it runs in production: ready once it
// logs the address it listens on.
import { startServedProcess, type ServedProcess } from '../../../test-support/served-process.js';

export interface AppProcess extends ServedProcess {
  readonly url: string;
}

export async function startApp(dir: string, env: Record<string, string>, timeoutMs = 20_000): Promise<AppProcess> {
  const served = await startServedProcess({
    args: ['dist/main.js'],
    cwd: dir,
    env,
    ready: /notes-api: listening on (http:\/\/\S+)/,
    startTimeoutMs: timeoutMs,
    name: 'notes-api',
  });
  return { ...served, url: served.readyMatch?.[1] ?? '' };
}
