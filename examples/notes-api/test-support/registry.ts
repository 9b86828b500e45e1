// Whether the npm registry answers: the packed-install test needs it for Fastify and the other
// dependencies. Unreachable: skipped with a printed reason, except under CI=true (a failure).
import { execFileSync } from 'node:child_process';

function registryUrl(): string {
  try {
    return execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim() || 'https://registry.npmjs.org/';
  } catch {
    return 'https://registry.npmjs.org/';
  }
}

export async function registryAvailable(): Promise<boolean> {
  const url = new URL('fastify', registryUrl().replace(/\/?$/, '/'));
  let reason: string | undefined;
  try {
    const response = await fetch(url, { method: 'GET', headers: { accept: 'application/vnd.npm.install-v1+json' }, signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    if (!response.ok) reason = `${url.href} answered ${response.status}`;
  } catch (error) {
    reason = `${url.href} is not reachable (${error instanceof Error ? error.message : String(error)})`;
  }
  if (reason === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`npm registry: ${reason}; CI requires it`);
  console.warn(`skipping the packed-install test: ${reason}`);
  return false;
}
